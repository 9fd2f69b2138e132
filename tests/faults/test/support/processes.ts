import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { documentedExample, freePort, startScriptArgs } from '@leadbridge/test-support';
import type { Simulator } from '@leadbridge/dataverse-simulator';
import { LogScan } from './log-scan';
import { waitFor } from './wait';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

const API_ARGS = startScriptArgs(join(ROOT, 'services', 'api'));
const WORKER_ARGS = startScriptArgs(join(ROOT, 'services', 'worker'));

/** One secret for every API process of the run; the API wants at least 32 characters. */
export const INGEST_SECRET = randomBytes(24).toString('base64url');

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}

/**
 * A built service running as a child process; the end of its stderr is kept for the failure
 * message, and the end of its stdout (its log) for scenarios that look for a line.
 */
export class ServiceProcess {
  private stderr = '';
  private stdout = '';

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4_000);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout = (this.stdout + chunk.toString()).slice(-64_000);
    });
  }

  /** The last 64,000 characters the process logged on stdout. */
  get log(): string {
    return this.stdout;
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

/**
 * Every process a scenario started, so afterAll can end them all whatever happened, and a scan
 * of everything they logged.
 */
export class ProcessGroup {
  private readonly processes: ServiceProcess[] = [];
  readonly logs = new LogScan();

  constructor() {
    const person = documentedExample.UserDetails;
    this.logs.forbid(INGEST_SECRET, 'the ingest secret');
    this.logs.forbid(person.Email, "a test lead's e-mail address");
    this.logs.forbid(person.Phone, "a test lead's phone number");
    // Short names would match inside other words; as a JSON value they are a name logged.
    this.logs.forbid(JSON.stringify(person.FirstName), "a test lead's first name");
    this.logs.forbid(JSON.stringify(person.LastName), "a test lead's last name");
  }

  spawn(name: string, args: string[], env: Record<string, string>): ServiceProcess {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.logs.watch(name, child.stdout);
    this.logs.watch(name, child.stderr);
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

/**
 * Where the services find Redis: `redisUrl` as REDIS_URL, and `env` for the other REDIS_*
 * settings (sentinels, cluster nodes, TLS, REDIS_WAIT_REPLICAS).
 */
export interface RedisOptions {
  redisUrl?: string;
  env?: Record<string, string>;
  prefix: string;
}

function redisEnv(options: RedisOptions): Record<string, string> {
  return {
    ...(options.redisUrl !== undefined ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
    QUEUE_PREFIX: options.prefix,
  };
}

/** Starts the API and waits until it answers /healthz. */
export async function startApi(
  group: ProcessGroup,
  options: RedisOptions & { spoolDir?: string },
): Promise<Api> {
  const port = await freePort();
  const spoolDir = options.spoolDir ?? (await mkdtemp(join(tmpdir(), 'fault-spool-')));
  const service = group.spawn('api', API_ARGS, {
    PORT: String(port),
    ...redisEnv(options),
    INGEST_SECRETS: INGEST_SECRET,
    SPOOL_DIR: spoolDir,
    // Every line the API can write is scanned for secrets and personal data.
    LOG_LEVEL: 'debug',
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
  options: RedisOptions,
): ServiceProcess {
  group.logs.forbid(sim.env().AZURE_CLIENT_SECRET, 'the client secret');
  return group.spawn('worker', WORKER_ARGS, {
    ...sim.env(),
    ...redisEnv(options),
    WORKER_HEALTH_PORT: '0',
    // Locks of a killed worker lapse quickly, so another one takes its leads up.
    WORKER_LOCK_DURATION_MS: '2000',
    DATAVERSE_RATE_LIMIT_MAX: '100000',
    DATAVERSE_MAX_CONCURRENCY: '16',
    LOG_LEVEL: 'debug',
    ...bulkWritesEnv(),
  });
}

/**
 * `FAULT_BULK_WRITES=auto` runs every scenario with bulk writes on and a backlog of 20, so the
 * outages, 429 storms and killed workers meet leads written with CreateMultiple. Otherwise one
 * request per lead, said outright since bulk writes are the worker's default: both paths are
 * checked under every fault.
 */
function bulkWritesEnv(): Record<string, string> {
  const mode = process.env.FAULT_BULK_WRITES;
  return mode === 'auto'
    ? { DATAVERSE_BULK_WRITES: 'auto', DATAVERSE_BULK_BACKLOG: '20' }
    : { DATAVERSE_BULK_WRITES: 'off' };
}
