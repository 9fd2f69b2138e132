import {
  createProducerConnection,
  describeRedis,
  isCluster,
  redisProblem,
  type RedisConnection,
  type RedisSettings,
} from '@leadbridge/service-kit';
import { judgeRedis, type RedisFinding } from './judge-redis';
import { readServerFacts } from './redis-facts';

/** What the Redis check found, for a person (see formatRedisReport) or a test. */
export interface RedisReport {
  /** Where the settings lead (mode, addresses, TLS), never a password. */
  redis: string;
  findings: RedisFinding[];
  /** False when Redis could not be reached; warnings still pass. */
  passed: boolean;
}

/** Resolves once the connection is ready; rejects with its first error, or after `timeoutMs`. */
function ready(connection: RedisConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastNodeError: Error | undefined;
    const timer = setTimeout(
      () => reject(lastNodeError ?? new Error(`no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error);
    };
    connection.once('ready', () => settle());
    connection.once('error', (error: Error) => settle(error));
    // A Cluster node that cannot be reached is one of several: remembered, not yet a failure.
    if (isCluster(connection)) {
      connection.on('node error', (error: Error) => (lastNodeError = error));
    }
  });
}

function unreachable(error: unknown): RedisFinding {
  const message = error instanceof Error ? error.message : 'unknown error';
  return {
    name: 'connection',
    status: 'failed',
    detail: message === '' ? 'no answer' : message,
    remedy:
      redisProblem(error) ??
      'check that Redis runs and that REDIS_URL (or REDIS_SENTINELS, REDIS_CLUSTER_NODES) names it',
  };
}

/**
 * Connects as the services do and reads what each server says of itself: the version, the
 * append-only file, the memory policy, the replicas. Never throws: a Redis that cannot be reached
 * is a failed finding with its likely cause.
 */
export async function runRedisCheck(
  settings: RedisSettings,
  options: { timeoutMs?: number } = {},
): Promise<RedisReport> {
  const connection = createProducerConnection(settings);
  const redis = describeRedis(settings);
  try {
    await ready(connection, options.timeoutMs ?? 10_000);
    const servers = isCluster(connection) ? connection.nodes('master') : [connection];
    const facts = await Promise.all(servers.map((server) => readServerFacts(server)));
    return { redis, findings: judgeRedis(settings, facts), passed: true };
  } catch (error) {
    return { redis, findings: [unreachable(error)], passed: false };
  } finally {
    connection.disconnect();
  }
}
