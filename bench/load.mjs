// Load generation and process helpers shared by the benchmarks.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { serviceNodeArgs } from '../scripts/service-command.mjs';

const require = createRequire(import.meta.url);
const { freePort } = require('@leadbridge/test-support');

/** Starts a server script in a child process; resolves with its port once it listens. */
export function startServer(script, env) {
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
    execArgv: profileArgs(),
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.on('message', (message) => {
      if (message?.ready) resolve({ child, port: message.ready });
    });
  });
}

/**
 * Starts the API exactly as deployed: its start script's command (spool, metrics, admin listener,
 * JSON logs to /dev/null). Resolves once /healthz answers.
 */
export async function startApiProcess(env) {
  const port = await freePort();
  const child = await startServiceProcess('@leadbridge/api', {
    env: {
      PORT: String(port),
      ADMIN_PORT: String(await freePort()),
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      SPOOL_DIR: await mkdtemp(join(tmpdir(), 'bench-spool-')),
      ...env,
    },
    ready: `http://127.0.0.1:${port}/healthz`,
  });
  return { child, port };
}

/**
 * Starts the worker as deployed; resolves once /readyz says Redis and Dataverse answer. With
 * `logs: true` its stdout (the JSON log) is left readable on `child.stdout`.
 */
export async function startWorkerProcess(env, { logs = false } = {}) {
  const port = await freePort();
  const child = await startServiceProcess('@leadbridge/worker', {
    env: { WORKER_HEALTH_PORT: String(port), ...env },
    ready: `http://127.0.0.1:${port}/readyz`,
    stdout: logs ? 'pipe' : 'ignore',
  });
  return { child, port };
}

async function startServiceProcess(workspace, { env, ready, stdout = 'ignore' }) {
  const child = spawn(
    process.execPath,
    [...profileArgs(), ...serviceNodeArgs(workspaceDir(workspace))],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', stdout, 'inherit'],
    },
  );
  const exited = new Promise((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${workspace} exited with ${code}`))),
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = await Promise.race([
      fetch(ready).then(
        (response) => response.ok,
        () => false,
      ),
      exited,
    ]);
    if (ok) return child;
    if (Date.now() > deadline) throw new Error(`${workspace} was not ready within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const workspaceDir = (workspace) => join(require.resolve(`${workspace}/package.json`), '..');

function profileArgs() {
  return process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
}

export function stopServer(server) {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
  });
}

/** CPU time (user + system) a process has used so far, in ms, read from /proc (Linux). */
export async function cpuMs(pid) {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces); utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
}

// USER_HZ, 100 on every Linux build Node supports (see `getconf CLK_TCK`).
const CLOCK_TICKS_PER_SECOND = 100;

/** Peak RSS of a process in MB, read from /proc (Linux). */
export async function peakRssMb(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * Posts leads for `seconds`. Each request carries a different lead (the same content inside the
 * redelivery window would be answered as a duplicate), so every request is a real new lead.
 */
export function postLeads(url, { seconds, connections = 50, overallRate }) {
  let n = 0;
  return autocannon({
    url,
    method: 'POST',
    duration: seconds,
    connections,
    ...(overallRate ? { overallRate } : {}),
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            UserDetails: {
              FirstName: 'Bench',
              LastName: `Lead ${n}`,
              Email: `bench${n}@example.com`,
              Company: 'Contoso',
              Country: 'US',
            },
            LeadSource: 'AzureMarketplace-INS|contoso.widget',
            OfferTitle: 'Widget',
            Description: `benchmark lead ${n++} ${process.pid} ${Date.now()}`,
          }),
        }),
      },
    ],
  });
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
