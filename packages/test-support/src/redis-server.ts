import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';
import type { TestCertificates } from './test-certificates';

/** A redis-server owned by a test run: never the user's Redis, so it may be stopped at will. */
export interface PrivateRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function waitUntilAnswering(url: string, deadline: number, ca?: string): Promise<void> {
  for (;;) {
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      ...(ca === undefined ? {} : { tls: { ca } }),
    });
    // Refused connections while the server starts are expected; the loop below retries them.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

/** Resolves once the process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts `redis-server` (or `redis-server --sentinel`, by the arguments) and rejects with how to
 * install it when it is not on the PATH.
 */
export function spawnRedisServer(args: readonly string[]): {
  child: ChildProcess;
  spawnFailed: Promise<never>;
} {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const spawnFailed = new Promise<never>((_resolve, reject) => {
    child.once('error', (error) =>
      reject(
        new Error(
          `cannot start redis-server (install it: apt-get install redis-server): ${error.message}`,
        ),
      ),
    );
  });
  return { child, spawnFailed };
}

export interface PrivateRedisOptions {
  /**
   * Keep the data in an append-only file here, fsync'd on every write, as a production Redis
   * does: a server killed and started again on the same directory comes back with every key.
   * @defaultValue none: nothing is kept on disk
   */
  dataDir?: string;
  /**
   * Refuse every client that does not give this password (`requirepass`), as a production Redis
   * does; the returned `url` carries it.
   * @defaultValue none: any client is served
   */
  password?: string;
  /**
   * Speak TLS only (no plain port), with this certificate; the returned `url` is
   * `rediss://localhost:<port>`, the name the test certificates carry.
   * @defaultValue none: plain TCP
   */
  tls?: TestCertificates;
  /** More `redis-server` arguments (`--maxmemory-policy`, `--replicaof`, …). @defaultValue none */
  args?: readonly string[];
}

/**
 * Starts `redis-server` on a free port. `port` may be given to restart an instance on the same
 * address (to simulate an outage and recovery); with the same `dataDir` it keeps its data.
 */
export async function startPrivateRedis(
  port?: number,
  options: PrivateRedisOptions = {},
): Promise<PrivateRedis> {
  const chosen = port ?? (await freePort());
  // Without a data directory, a directory of its own all the same: a replica writes the copy it
  // receives to disk, which would otherwise land in the test's working directory.
  const scratch = options.dataDir ? undefined : await mkdtemp(join(tmpdir(), 'leadbridge-redis-'));
  const persistence = options.dataDir
    ? ['--dir', options.dataDir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--dir', scratch ?? '', '--appendonly', 'no'];
  const auth = options.password === undefined ? [] : ['--requirepass', options.password];
  const { tls } = options;
  const listen = tls
    ? [
        ...['--port', '0', '--tls-port', String(chosen)],
        ...['--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile],
        ...['--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no'],
        // `localhost` may resolve to either loopback address; ::1 only where the host has it.
        ...['--bind', '127.0.0.1', '-::1'],
      ]
    : ['--port', String(chosen), '--bind', '127.0.0.1'];
  const { child, spawnFailed } = spawnRedisServer([
    ...listen,
    ...['--save', ''],
    ...persistence,
    ...auth,
    ...(options.args ?? []),
  ]);
  const userinfo =
    options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  const url = tls
    ? `rediss://${userinfo}localhost:${chosen}`
    : `redis://${userinfo}127.0.0.1:${chosen}`;
  const ca = tls ? readFileSync(tls.caFile, 'utf8') : undefined;
  try {
    await Promise.race([waitUntilAnswering(url, Date.now() + 10_000, ca), spawnFailed]);
  } catch (error) {
    child.kill('SIGKILL');
    if (scratch) await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    port: chosen,
    async stop() {
      child.kill('SIGKILL');
      await exited(child);
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
  };
}
