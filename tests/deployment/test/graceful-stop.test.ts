import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envOf, finalStage, readDockerfile } from './support/dockerfile';

// What `docker stop` does to a container running `npm start`: tini hands SIGTERM to npm. With
// the image's npm settings, node must hear it exactly once (a second signal means "exit now" to
// the services) and npm must wait while node finishes its work, or the container stops under it.
const SERVICE = `
let signals = 0;
process.on('SIGTERM', () => {
  signals += 1;
  console.log('SIGTERM ' + signals);
  if (signals === 1) setTimeout(() => { console.log('finished'); process.exit(0); }, 500);
});
// Alive until signalled, but never orphaned for long should the signal not arrive.
setTimeout(() => process.exit(2), 10_000);
console.log('ready');
`;

describe('stopping a container', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'graceful-stop-'));
    writeFileSync(join(dir, 'service.js'), SERVICE);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'service', private: true, scripts: { start: 'node service.js' } }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("SIGTERM to npm reaches node once, and npm exits only after node's shutdown", async () => {
    const runtime = finalStage(readDockerfile());
    const npmSettings = {
      NPM_CONFIG_SCRIPT_SHELL: envOf(runtime, 'NPM_CONFIG_SCRIPT_SHELL') ?? '',
      NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    };
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: dir,
      env: { ...process.env, ...npmSettings },
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve) =>
      npm.stdout.on('data', () => output.includes('ready') && resolve()),
    );

    npm.kill('SIGTERM');
    const exitCode = await new Promise<number | null>((resolve) => npm.on('exit', resolve));

    expect(output.trim().split('\n')).toEqual(['ready', 'SIGTERM 1', 'finished']);
    expect(exitCode).toBe(0);
  }, 15_000);
});
