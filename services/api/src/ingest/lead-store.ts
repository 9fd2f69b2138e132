import {
  ROUTE_LEAD_JOB,
  LEAD_JOB_OPTIONS,
  LEAD_QUEUE,
  type LeadJobData,
} from '@leadbridge/lead-model';
import { connectionReady, withTimeout, type RedisConnection } from '@leadbridge/service-kit';
import { Queue } from 'bullmq';
import type { EmailIndex } from './email-index';
import { waitForReplicas } from './wait-for-replicas';

/**
 * `accepted`: stored now. `duplicate`: the same lead (same id) was stored before. `spooled`:
 * Redis was unreachable and the lead is on local disk, to be queued when it is back.
 */
export type StoreOutcome = 'accepted' | 'duplicate' | 'spooled';

/** Where accepted leads go. Resolving means the lead is durably stored. */
export interface LeadStore {
  put(job: LeadJobData): Promise<StoreOutcome>;
  /** The queue behind the store, for the dashboard and the lookup. */
  readonly queue: Queue<LeadJobData>;
  isReachable(): Promise<boolean>;
  /** Leads on local disk waiting for Redis; absent when the store has no spool. */
  spoolDepth?(): number;
  /** Why the spool could not take a lead now, or undefined when it could. */
  spoolProblem?(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** The store could not confirm the lead was kept; the caller must not acknowledge it. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the lead queue is unreachable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

export interface QueueLeadStoreOptions {
  /** A producer connection (offline queue off), so a Redis outage fails fast. */
  connection: RedisConnection;
  /** @defaultValue 'bull' */
  prefix?: string;
  /** Where e-mail addresses are indexed for the admin lookup; none means no index. */
  emailIndex?: EmailIndex;
  /** Replicas that must confirm each lead before it counts as stored (REDIS_WAIT_REPLICAS). @defaultValue 0 */
  waitReplicas?: number;
  /** Longest a caller waits for Redis before being told to retry (well inside the 2 s promised). @defaultValue 1000 */
  timeoutMs?: number;
}

/** Stores each lead as a BullMQ job whose id is the lead id, so a redelivery is stored once. */
export function createQueueLeadStore(options: QueueLeadStoreOptions): LeadStore {
  const { connection } = options;
  const timeoutMs = options.timeoutMs ?? 1_000;
  const queue = new Queue<LeadJobData>(LEAD_QUEUE, {
    connection,
    prefix: options.prefix ?? 'bull',
  });
  // Queue re-emits connection errors; they surface through put() and isReachable() instead.
  queue.on('error', () => undefined);

  async function put(job: LeadJobData): Promise<StoreOutcome> {
    await connectionReady(connection);
    // BullMQ ignores an add whose job id exists without saying so; asking first tells the caller.
    // Both go out in the same tick on the one connection, so Redis answers EXISTS before it runs
    // the add, in one round trip. Two identical leads racing both read "accepted", and still only
    // one job is stored.
    const email = job.lead.UserDetails.Email;
    const [exists] = await Promise.all([
      connection.exists(queue.toKey(job.leadId)),
      queue.add(ROUTE_LEAD_JOB, job, { ...LEAD_JOB_OPTIONS, jobId: job.leadId }),
      // The lookup is a convenience: a lead is acknowledged whether or not it could be indexed.
      email && options.emailIndex?.add(email, job.leadId).catch(() => undefined),
    ]);
    await waitForReplicas(connection, options.waitReplicas ?? 0, queue.toKey(job.leadId));
    return exists === 1 ? 'duplicate' : 'accepted';
  }

  return {
    queue,
    async put(job) {
      try {
        return await withTimeout(put(job), timeoutMs, 'storing the lead');
      } catch (error) {
        throw new StoreUnavailableError(error);
      }
    },
    async isReachable() {
      try {
        const ping = connectionReady(connection).then(() => connection.ping());
        return (await withTimeout(ping, timeoutMs, 'Redis ping')) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      // Queue.close waits for a connection that may never come back; do not hang a shutdown on it.
      await withTimeout(queue.close(), timeoutMs, 'closing the queue').catch(() =>
        queue.disconnect(),
      );
    },
  };
}
