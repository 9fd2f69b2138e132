import { serverForKey, type RedisConnection } from '@leadbridge/service-kit';

/**
 * How long a lead waits for its replicas: half the store's 1 s budget, so a lead they do not
 * confirm still reaches the spool well within the 2 s the endpoint promises.
 */
export const WAIT_FOR_REPLICAS_MS = 500;

/** Fewer replicas than REDIS_WAIT_REPLICAS confirmed a write in time: a failover could lose it. */
export class ReplicasBehindError extends Error {
  constructor(confirmed: number, wanted: number) {
    super(
      `${confirmed} of ${wanted} replicas confirmed the write within ${WAIT_FOR_REPLICAS_MS} ms`,
    );
    this.name = 'ReplicasBehindError';
  }
}

/**
 * Resolves once `replicas` replicas hold every write this connection made so far (Redis WAIT, to
 * the master holding `key`); rejects with ReplicasBehindError when fewer confirm in time. Redis
 * replicates asynchronously: a lead acknowledged before a replica has it is lost when that
 * replica is promoted in a failover. With 0 it does nothing.
 */
export async function waitForReplicas(
  connection: RedisConnection,
  replicas: number,
  key: string,
): Promise<void> {
  if (replicas <= 0) return;
  const server = await serverForKey(connection, key);
  const confirmed = await server.wait(replicas, WAIT_FOR_REPLICAS_MS);
  if (confirmed < replicas) throw new ReplicasBehindError(confirmed, replicas);
}
