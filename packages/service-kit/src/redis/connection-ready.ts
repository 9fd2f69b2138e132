import type { RedisConnection } from './redis-connection';

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
 * timeout); one arriving while Redis is known to be down is told at once. A Cluster is ready once
 * it knows which node holds which slot.
 */
export function connectionReady(connection: RedisConnection): Promise<void> {
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
const awaitingReady = new WeakMap<RedisConnection, Promise<void>>();
