import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptArgs, testRedisUrl } from '@leadbridge/test-support';

const API_DIR = join(__dirname, '..');

function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<string>((resolve) => child.on('exit', () => resolve(stderr)));
}

// A developer's .env, as the README has them write it: a secret the API refuses (too short), so
// the process stops at once and says whether it read the file.
// Each test starts a process (the second through npm), which takes seconds on a busy machine.
jest.setTimeout(60_000);

describe('the .env file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-file-'));
    writeFileSync(join(dir, '.env'), 'INGEST_SECRETS=from-the-env-file\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is not read by a service started with node, even from the directory that holds it', async () => {
    const stderr = await run(process.execPath, startScriptArgs(API_DIR), dir, {
      REDIS_URL: testRedisUrl(),
    });

    expect(stderr).toMatch(/INGEST_SECRETS is required/);
  });

  it('is read from the directory npm was run in', async () => {
    const stderr = await run('npm', ['--prefix', API_DIR, 'start', '--silent'], dir, {
      HOME: dir,
      REDIS_URL: testRedisUrl(),
    });

    expect(stderr).toMatch(/INGEST_SECRETS entry 1 is shorter than 32 characters/);
  });
});
