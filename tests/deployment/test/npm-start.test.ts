import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import {
  documentedExample,
  freePort,
  startPrivateRedis,
  type PrivateRedis,
} from '@leadbridge/test-support';
import { ProcessTree } from './support/process-tree';
import { REPO_ROOT } from './support/repo';

// `npm start` builds first (turbo, from its cache when nothing changed), then starts everything.
jest.setTimeout(120_000);

interface NpmStart {
  npm: ChildProcess;
  tree: ProcessTree;
  output: () => string;
  exited: Promise<number | null>;
}

const runs: NpmStart[] = [];

/** `npm start` at the repository root, as a newcomer runs it, on ports of its own. */
async function npmStart(env: Record<string, string>): Promise<NpmStart> {
  const ports = {
    PORT: String(await freePort()),
    ADMIN_PORT: String(await freePort()),
    WORKER_HEALTH_PORT: String(await freePort()),
    SIMULATOR_PORT: String(await freePort()),
  };
  // --no-env-file: only the environment given here, never a developer's .env.
  const npm = spawn('npm', ['start', '--silent', '--', '--no-env-file'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...ports, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.on('exit', resolve));
  const run = { npm, tree: new ProcessTree(npm.pid ?? -1), output: () => output, exited };
  runs.push(run);
  return run;
}

async function until<T>(what: string, run: NpmStart, probe: () => Promise<T | undefined>) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what}; npm start said:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The ingest URL and the simulator's lead list, as `npm start` prints them for the demo. */
async function demoAddresses(run: NpmStart) {
  return until('demo banner', run, async () => {
    const ingest = /Ingest URL:\s+(\S+)/.exec(run.output())?.[1];
    const stored = /Leads stored: curl -s --cacert (\S+) (\S+)/.exec(run.output());
    return ingest && stored?.[1] && stored[2]
      ? { ingest, caPath: stored[1], leadsUrl: stored[2] }
      : undefined;
  });
}

function simulatorLeads(url: string, caPath: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    request(url, { ca: readFileSync(caPath) }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve((JSON.parse(body) as { value: unknown[] }).value));
    })
      .on('error', reject)
      .end();
  });
}

/** Posts the printed curl's lead and waits for the simulator to hold it. */
async function sendLeadThrough(run: NpmStart): Promise<void> {
  const { ingest, caPath, leadsUrl } = await demoAddresses(run);
  const url = new URL(ingest.replace('localhost', '127.0.0.1'));
  // The banner comes as the services start; the API answers once it listens.
  await until('API listening', run, () =>
    fetch(new URL('/healthz', url)).then(
      (response) => (response.ok ? true : undefined),
      () => undefined,
    ),
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(documentedExample),
  });
  expect(response.status).toBe(202);
  const leads = await until('lead in the simulator', run, async () => {
    const stored = await simulatorLeads(leadsUrl, caPath);
    return stored.length > 0 ? stored : undefined;
  });
  expect(leads).toHaveLength(1);
}

async function stopWithKill(run: NpmStart) {
  const before = run.tree.running();
  run.npm.kill('SIGTERM');
  const code = await run.exited;
  // Each process may take its own shutdown time; none may be left once npm has returned.
  return { code, before, after: run.tree.running() };
}

describe('npm start', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterEach(() => {
    for (const run of runs.splice(0)) {
      run.tree.killAll();
      run.npm.kill('SIGKILL');
    }
  });
  afterAll(() => redis.stop());

  test('runs the demo end to end, and `kill <pid of npm start>` leaves no process behind', async () => {
    const run = await npmStart({ REDIS_URL: redis.url });
    await sendLeadThrough(run);

    const { code, before, after } = await stopWithKill(run);

    // The start script, the API and the worker at least.
    expect(before.filter((info) => /\bnode\b/.test(info.args)).length).toBeGreaterThanOrEqual(3);
    expect(after).toEqual([]);
    expect(code).toBe(0);
  });

  test('with nothing answering on a local Redis address, the demo starts a private redis-server under var/ and says so', async () => {
    const port = await freePort();
    const dataDir = join(REPO_ROOT, 'var', 'redis', String(port));
    try {
      const run = await npmStart({ REDIS_URL: `redis://127.0.0.1:${port}` });
      await sendLeadThrough(run);

      expect(run.output()).toMatch(
        new RegExp(`started a private redis-server on 127\\.0\\.0\\.1:${port}.*var/redis/${port}`),
      );
      expect(existsSync(dataDir)).toBe(true);
      const { before, after } = await stopWithKill(run);
      expect(before.map((info) => info.args)).toContainEqual(expect.stringMatching(/redis-server/));
      expect(after).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('with no Redis reachable and a tenant configured, it says once what is missing and how to get one, and exits non-zero', async () => {
    const port = await freePort();
    const run = await npmStart({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      INGEST_SECRETS: 'c'.repeat(64),
      DATAVERSE_URL: 'https://contoso.crm.dynamics.com',
      AZURE_TENANT_ID: '11111111-2222-4333-8444-555555555555',
      AZURE_CLIENT_ID: '22222222-3333-4444-8555-666666666666',
      AZURE_CLIENT_SECRET: 'tenant-secret',
    });

    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      run.exited,
      new Promise<string>(
        (resolve) => (timer = setTimeout(() => resolve('still running'), 60_000)),
      ),
    ]);
    clearTimeout(timer);
    const output = run.output();

    expect(code).not.toBe(0);
    expect(code).not.toBe('still running');
    expect(output.match(/Leadbridge needs Redis/g)).toHaveLength(1);
    expect(output).toContain(`redis://127.0.0.1:${port}`);
    expect(output).toMatch(/redis-server/);
    expect(output).toMatch(/docker run/);
    expect(output).toMatch(/REDIS_URL/);
    expect(output).not.toMatch(/ECONNREFUSED|\n\s+at /);
    expect(run.tree.running()).toEqual([]);
  });
});
