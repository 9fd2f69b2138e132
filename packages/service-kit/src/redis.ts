import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection for code that answers a caller (the ingest API): commands fail at once while
 * Redis is unreachable instead of queueing in memory, so a request can answer 503 quickly rather
 * than hang.
 */
export function createProducerConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Keep reconnecting in the background, at most every 2 s, so the API recovers by itself.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
  });
}

/** A connection for BullMQ workers: they block on Redis and must wait for it, not give up. */
export function createWorkerConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
  });
}

/**
 * Resolves when the connection can take commands. A producer connection refuses commands while
 * (re)connecting, so callers wait here, bounded by their own timeout, instead of failing a request
 * that arrives a moment after start-up or a reconnect.
 */
export function connectionReady(connection: Redis): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => connection.once('ready', () => resolve()));
}
