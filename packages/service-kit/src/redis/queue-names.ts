import type { Redis } from 'ioredis';
import { isCluster, type RedisConnection } from './redis-connection';

const META = ':meta';

/** The text as a SCAN pattern that matches it literally. */
function literalPattern(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** The servers whose keys SCAN must walk: every master of a Cluster, or the one server. */
function serversOf(connection: RedisConnection): Redis[] {
  return isCluster(connection) ? connection.nodes('master') : [connection];
}

/**
 * The BullMQ queues under `prefix` that have ever held a job: BullMQ keeps a `<prefix>:<queue>:meta`
 * hash for each. Found with SCAN, so the queue of a destination since taken out of the
 * configuration is found too. The caller filters the names it owns.
 */
export async function findQueueNames(redis: RedisConnection, prefix: string): Promise<string[]> {
  const names = new Set<string>();
  const match = `${literalPattern(prefix)}:*${META}`;
  for (const server of serversOf(redis)) {
    const stream = server.scanStream({ match, count: 1_000 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      for (const key of keys) names.add(key.slice(prefix.length + 1, -META.length));
    }
  }
  return [...names].sort();
}
