import { Redis, type RedisOptions } from 'ioredis';

/**
 * ioredis's options, less `replyMapping`: RedisOptions lets it be `undefined`, which ioredis's
 * own constructor then refuses with exact optional property types.
 */
type ConnectionOptions = Omit<RedisOptions, 'replyMapping'>;

/**
 * A connection for code that answers a caller (the ingest API): commands fail at once while
 * Redis is unreachable instead of queueing in memory, so a request can answer 503 quickly rather
 * than hang.
 */
export function createProducerConnection(url: string, options: ConnectionOptions = {}): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    enableAutoPipelining: true,
    // Keep reconnecting in the background, at most every 2 s, so the API recovers by itself.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
  });
}

/** A connection for BullMQ workers: they block on Redis and must wait for it, not give up. */
export function createWorkerConnection(url: string, options: ConnectionOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
  });
}

/** The connection was lost and has not come back yet. */
export class ConnectionDownError extends Error {
  constructor(status: string) {
    super(`Redis connection is ${status}`);
    this.name = 'ConnectionDownError';
  }
}

// States in which the last attempt to reach Redis failed: waiting would only burn the caller's
// time budget, so callers hear at once (and, in the API, spool the lead instead).
const KNOWN_DOWN = new Set(['reconnecting', 'close', 'end']);

/**
 * Resolves when the connection can take commands. A producer connection refuses commands while
 * (re)connecting, so a caller arriving a moment after start-up waits here (bounded by its own
 * timeout); one arriving while Redis is known to be down is told at once.
 */
export function connectionReady(connection: Redis): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  if (KNOWN_DOWN.has(connection.status))
    return Promise.reject(new ConnectionDownError(connection.status));
  let pending = awaitingReady.get(connection);
  if (!pending) {
    pending = new Promise((resolve) =>
      connection.once('ready', () => {
        awaitingReady.delete(connection);
        resolve();
      }),
    );
    awaitingReady.set(connection, pending);
  }
  return pending;
}

// Every caller waiting for one connection shares one 'ready' listener: a burst of requests at
// start-up would otherwise add a listener each, and leave them behind when their timeouts fire.
const awaitingReady = new WeakMap<Redis, Promise<void>>();
