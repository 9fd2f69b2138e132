import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';
import { pollUntil } from './poll-until';
import { exited, spawnRedisServer, startPrivateRedis, type PrivateRedis } from './redis-server';

/** A master, its replica and three sentinels watching them, all private to the test. */
export interface PrivateSentinelGroup {
  /** The name the sentinels monitor the master under. */
  masterName: string;
  /** REDIS_SENTINELS and REDIS_SENTINEL_MASTER for this group. */
  env: { REDIS_SENTINELS: string; REDIS_SENTINEL_MASTER: string };
  /** The port of the server the (first) sentinel names as master now. */
  masterPort(): Promise<number>;
  /**
   * Has the sentinels promote the replica (SENTINEL FAILOVER) and resolves once all of them name
   * it as master and, unless `untilFollowed` is false, the old master has become its replica, in sync
   * (the sentinels turn it round some 10 to 20 s later).
   */
  failover(options?: { untilFollowed?: boolean }): Promise<{ from: number; to: number }>;
  stop(): Promise<void>;
}

export interface SentinelGroupOptions {
  /** Where the servers keep their append-only files and the sentinels their configuration. */
  dir: string;
  /** @defaultValue 'leadbridge' */
  masterName?: string;
  /** More arguments for both data servers (`--min-replicas-to-write 1`, …). @defaultValue none */
  serverArgs?: readonly string[];
}

function client(port: number): Redis {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, lazyConnect: true });
  redis.on('error', () => undefined);
  return redis;
}

/** Runs `work` with a short-lived connection to 127.0.0.1:`port`. */
async function ask<T>(port: number, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = client(port);
  try {
    await redis.connect();
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

async function startSentinel(dir: string, masterName: string, masterPort: number) {
  const port = await freePort();
  const file = join(dir, `sentinel-${port}.conf`);
  // Quick to notice a master gone and to give up a stuck failover, so a test takes seconds.
  await writeFile(
    file,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 2`,
      `sentinel down-after-milliseconds ${masterName} 1000`,
      `sentinel failover-timeout ${masterName} 10000`,
      '',
    ].join('\n'),
  );
  const { child, spawnFailed } = spawnRedisServer([file, '--sentinel']);
  await Promise.race([
    spawnFailed,
    pollUntil(
      () =>
        ask(port, (r) => r.ping()).then(
          () => true,
          () => false,
        ),
      10_000,
      'a sentinel to answer',
    ),
  ]);
  return { port, child };
}

/**
 * Starts a master (append-only file fsync'd on every write), a replica of it and three sentinels
 * (quorum 2), and resolves once every sentinel knows the replica, in sync, and the two other
 * sentinels: only then can a failover be asked for and succeed.
 */
export async function startPrivateSentinelGroup(
  options: SentinelGroupOptions,
): Promise<PrivateSentinelGroup> {
  const masterName = options.masterName ?? 'leadbridge';
  const args = options.serverArgs ?? [];
  const servers: PrivateRedis[] = [];
  const sentinels: Awaited<ReturnType<typeof startSentinel>>[] = [];
  const stop = async () => {
    for (const sentinel of sentinels) sentinel.child.kill('SIGKILL');
    await Promise.all([
      ...sentinels.map((sentinel) => exited(sentinel.child)),
      ...servers.map((server) => server.stop()),
    ]);
  };
  try {
    for (const name of ['first', 'second']) await mkdir(join(options.dir, name));
    const master = await startPrivateRedis(undefined, {
      dataDir: join(options.dir, 'first'),
      args,
    });
    servers.push(master);
    const replicaArgs = ['--replicaof', '127.0.0.1', String(master.port), ...args];
    servers.push(
      await startPrivateRedis(undefined, {
        dataDir: join(options.dir, 'second'),
        args: replicaArgs,
      }),
    );
    for (let index = 0; index < 3; index++) {
      sentinels.push(await startSentinel(options.dir, masterName, master.port));
    }
    const first = sentinels[0]?.port ?? 0;
    const sentinelsReady = async () => {
      const views = await Promise.all(
        sentinels.map(({ port }) =>
          ask(port, async (redis) => {
            const replicas = (await redis.call('SENTINEL', 'REPLICAS', masterName)) as string[][];
            const peers = (await redis.call('SENTINEL', 'SENTINELS', masterName)) as unknown[];
            const healthy = replicas.filter((fields) => {
              const flags = fields[fields.indexOf('flags') + 1] ?? '';
              const link = fields[fields.indexOf('master-link-status') + 1];
              return flags === 'slave' && link === 'ok';
            });
            return healthy.length === 1 && peers.length === 2;
          }).catch(() => false),
        ),
      );
      return views.every(Boolean);
    };
    await pollUntil(sentinelsReady, 30_000, 'the sentinels to know the replica and each other');

    /** The master's port as the sentinel on `port` (the first, by default) names it. */
    const masterPort = async (port = first) => {
      const [, masterAt] = (await ask(port, (redis) =>
        redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName),
      )) as [string, string];
      return Number(masterAt);
    };
    return {
      masterName,
      env: {
        REDIS_SENTINELS: sentinels.map(({ port }) => `127.0.0.1:${port}`).join(','),
        REDIS_SENTINEL_MASTER: masterName,
      },
      masterPort,
      async failover({ untilFollowed = true } = {}) {
        const from = await masterPort();
        await ask(first, (redis) => redis.call('SENTINEL', 'FAILOVER', masterName));
        await pollUntil(async () => (await masterPort()) !== from, 30_000, 'a new master');
        const to = await masterPort();
        // A client asking a sentinel that has not heard yet would be sent to the old master.
        await pollUntil(
          async () =>
            (await Promise.all(sentinels.map(({ port }) => masterPort(port)))).every(
              (port) => port === to,
            ),
          30_000,
          'every sentinel to name the new master',
        );
        if (!untilFollowed) return { from, to };
        await pollUntil(
          async () => {
            const info = await ask(from, (redis) => redis.info('replication')).catch(() => '');
            return info.includes('role:slave') && info.includes('master_link_status:up');
          },
          30_000,
          'the old master to follow the new one',
        );
        return { from, to };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
