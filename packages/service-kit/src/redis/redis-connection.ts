import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisSettings, StandaloneRedisSettings } from './redis-settings';
import { tlsOptions } from './redis-tls';

/** A connection to Redis in any mode: one server or Sentinel's master (Redis), or a Cluster. */
export type RedisConnection = Redis | Cluster;

/** The settings read by readRedisSettings, or a redis[s]:// URL (tests and benchmarks). */
export type RedisTarget = RedisSettings | string;

/** Who uses the connection, which decides how it behaves while Redis is away. */
type Role = 'producer' | 'worker';

// Keep reconnecting in the background, at most every 2 s, so the process recovers by itself.
const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2_000);

/**
 * ioredis's options, less `replyMapping`: RedisOptions lets it be `undefined`, which ioredis's
 * own constructor then refuses with exact optional property types.
 */
type NodeOptions = Omit<RedisOptions, 'replyMapping'>;

const ROLE_OPTIONS: Readonly<Record<Role, NodeOptions>> = {
  // Answers a caller (the ingest API): commands fail at once while Redis is unreachable instead
  // of queueing in memory, so a request can spool the lead or answer 503 quickly, not hang.
  producer: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    enableAutoPipelining: true,
  },
  // BullMQ workers block on Redis and must wait for it, not give up.
  worker: { maxRetriesPerRequest: null },
};

/**
 * After a failover the old master, now a replica, answers writes with READONLY: the connection is
 * to the wrong server, so it reconnects (through the sentinels, or the service's address, to the
 * new master). A worker's command is sent again there (a refused write did not run); a
 * producer's fails, and the lead goes to the spool.
 */
function reconnectOnReadOnly(role: Role) {
  return (error: Error): 1 | 2 | false =>
    error.message.includes('READONLY') ? (role === 'worker' ? 2 : 1) : false;
}

function standaloneSettings(target: RedisTarget): RedisSettings {
  if (typeof target !== 'string') return target;
  return { mode: 'standalone', url: target, queuePrefix: 'bull', waitReplicas: 0 };
}

function connect(target: RedisTarget, role: Role): RedisConnection {
  const settings = standaloneSettings(target);
  const tls = settings.tls ? { tls: tlsOptions(settings.tls) } : {};
  const common: NodeOptions = {
    ...ROLE_OPTIONS[role],
    retryStrategy,
    reconnectOnError: reconnectOnReadOnly(role),
    ...tls,
  };
  switch (settings.mode) {
    case 'standalone':
      return new Redis(settings.url, common);
    case 'sentinel':
      return new Redis({
        ...common,
        sentinels: settings.sentinels.map(({ host, port }) => ({ host, port })),
        name: settings.masterName,
        ...(settings.password !== undefined ? { password: settings.password } : {}),
        ...(settings.sentinelPassword !== undefined
          ? { sentinelPassword: settings.sentinelPassword }
          : {}),
        ...(settings.tls ? { enableTLSForSentinelMode: true, sentinelTLS: common.tls } : {}),
        // Hears +switch-master from the sentinels and moves to the new master at once, rather
        // than when the old one first refuses a write.
        failoverDetector: true,
      });
    case 'cluster': {
      const { enableOfflineQueue, enableAutoPipelining, ...nodeOptions } = ROLE_OPTIONS[role];
      const redisOptions: Omit<NonNullable<ClusterOptions['redisOptions']>, 'replyMapping'> = {
        ...nodeOptions,
        ...(settings.password !== undefined ? { password: settings.password } : {}),
        ...tls,
      };
      return new Cluster(
        settings.nodes.map(({ host, port }) => ({ host, port })),
        {
          clusterRetryStrategy: retryStrategy,
          ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
          ...(enableAutoPipelining !== undefined ? { enableAutoPipelining } : {}),
          redisOptions,
        },
      );
    }
  }
}

/**
 * A connection for code that answers a caller (the ingest API, the erasure command): commands
 * fail at once while Redis is unreachable, so a request can answer quickly rather than hang.
 */
export function createProducerConnection(target: string | StandaloneRedisSettings): Redis;
export function createProducerConnection(target: RedisTarget): RedisConnection;
export function createProducerConnection(target: RedisTarget): RedisConnection {
  return connect(target, 'producer');
}

/** A connection for BullMQ workers: they block on Redis and must wait for it, not give up. */
export function createWorkerConnection(target: string | StandaloneRedisSettings): Redis;
export function createWorkerConnection(target: RedisTarget): RedisConnection;
export function createWorkerConnection(target: RedisTarget): RedisConnection {
  return connect(target, 'worker');
}

/** Whether the connection is to a Redis Cluster (whose keyless commands go to any node). */
export function isCluster(connection: RedisConnection): connection is Cluster {
  return connection.isCluster;
}
