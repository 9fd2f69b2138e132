import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@leadbridge/test-support';
import type { Simulator } from '@leadbridge/dataverse-simulator';
import { waitFor } from './wait';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const API_MAIN = join(ROOT, 'services', 'api', 'dist', 'main.js');
const WORKER_MAIN = join(ROOT, 'services', 'worker', 'dist', 'main.js');

/** One secret for every API process of the run; the API wants at least 32 characters. */
export const INGEST_SECRET = randomBytes(24).toString('base64url');

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}

/** A built service running as a child process; stderr is kept for the failure message. */
export class ServiceProcess {
  private stderr = '';

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4_000);
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get errors(): string {
    return this.stderr;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    await exitOf(this.child);
  }
}

/** Every process a scenario started, so afterAll can end them all whatever happened. */
export class ProcessGroup {
  private readonly processes: ServiceProcess[] = [];

  spawn(name: string, main: string, env: Record<string, string>): ServiceProcess {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const service = new ServiceProcess(name, child);
    this.processes.push(service);
    return service;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.processes.map((service) => service.kill('SIGKILL')));
  }
}

export interface Api {
  process: ServiceProcess;
  url: string;
}

/** Starts the API and waits until it answers /healthz. */
export async function startApi(
  group: ProcessGroup,
  options: { redisUrl: string; prefix: string; spoolDir?: string },
): Promise<Api> {
  const port = await freePort();
  const spoolDir = options.spoolDir ?? (await mkdtemp(join(tmpdir(), 'fault-spool-')));
  const service = group.spawn('api', API_MAIN, {
    PORT: String(port),
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    INGEST_SECRETS: INGEST_SECRET,
    SPOOL_DIR: spoolDir,
    LOG_LEVEL: 'error',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (!service.running) throw new Error(`api exited: ${service.errors}`);
      return fetch(`${url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
    },
    15_000,
    'the api to listen',
  );
  return { process: service, url };
}

/** Starts a worker against the simulator; it needs no readiness wait, leads simply queue. */
export function startWorker(
  group: ProcessGroup,
  sim: Simulator,
  options: { redisUrl: string; prefix: string },
): ServiceProcess {
  return group.spawn('worker', WORKER_MAIN, {
    ...sim.env(),
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    WORKER_HEALTH_PORT: '0',
    // Locks of a killed worker lapse quickly, so another one takes its leads up.
    WORKER_LOCK_DURATION_MS: '2000',
    DATAVERSE_RATE_LIMIT_MAX: '100000',
    DATAVERSE_MAX_CONCURRENCY: '16',
    LOG_LEVEL: 'error',
  });
}
