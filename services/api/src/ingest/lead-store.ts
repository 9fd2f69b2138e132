import {
  contentKeyFor,
  ROUTE_LEAD_JOB,
  LEAD_JOB_OPTIONS,
  LEAD_QUEUE,
  type LeadJobData,
} from '@leadbridge/lead-model';
import { connectionReady, withTimeout, type RedisConnection } from '@leadbridge/service-kit';
import { ATTR, inSpan } from '@leadbridge/tracing';
import { trace } from '@opentelemetry/api';
import { Queue, type Telemetry } from 'bullmq';
import type { LeadRecords } from './lead-records';
import { receivedEntryOf } from './received-ledger';
import { waitForReplicas } from './wait-for-replicas';

/**
 * `accepted`: stored now. `duplicate`: the same lead arrived inside the redelivery window and was
 * stored then. `spooled`: Redis was unreachable and the lead is on local disk, to be queued when
 * it is back.
 */
export type StoreOutcome = 'accepted' | 'duplicate' | 'spooled';

/** What became of one lead: how it was stored, and the id of the event it belongs to. */
export interface Stored {
  status: StoreOutcome;
  /**
   * The event's lead id: the job's own for a new event, the first arrival's for a redelivery
   * inside the window.
   */
  leadId: string;
}

/** Where accepted leads go. Resolving means the lead is durably stored. */
export interface LeadStore {
  /**
   * Stores the job under its lead id, unless the same content arrived inside the redelivery
   * window: then nothing is stored and the earlier event's id comes back.
   */
  put(job: LeadJobData): Promise<Stored>;
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
  /**
   * Where each stored lead's address is indexed for the admin lookup and the lead recorded for
   * `npm run import` (200 days); none means neither.
   */
  records?: LeadRecords;
  /** Replicas that must confirm each lead before it counts as stored (REDIS_WAIT_REPLICAS). @defaultValue 0 */
  waitReplicas?: number;
  /** Longest a caller waits for Redis before being told to retry (well inside the 2 s promised). @defaultValue 1000 */
  timeoutMs?: number;
  /**
   * How long after a lead is first stored the same content counts as a redelivery of it rather
   * than a new event. @defaultValue DEFAULT_DEDUPE_WINDOW_SECONDS (one day)
   */
  dedupeWindowSeconds?: number;
  /**
   * BullMQ's telemetry, which writes the lead's trace into its job so the worker continues it.
   * @defaultValue none: no trace leaves the API
   */
  telemetry?: Telemetry;
}

/** Microsoft retries a delivery for well under a day; a day later the same details are news. */
export const DEFAULT_DEDUPE_WINDOW_SECONDS = 24 * 60 * 60;

const tracer = trace.getTracer('@leadbridge/api');

/**
 * Stores each lead as a BullMQ job whose id is the lead id. The lead's content key is the job's
 * deduplication id for the window: BullMQ claims it in the same script that adds the job, so two
 * replicas storing one redelivery at once store one job, and a crash can never leave the key
 * claimed without the job.
 */
export function createQueueLeadStore(options: QueueLeadStoreOptions): LeadStore {
  const { connection } = options;
  const timeoutMs = options.timeoutMs ?? 1_000;
  const windowMs = (options.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_SECONDS) * 1_000;
  const queue = new Queue<LeadJobData>(LEAD_QUEUE, {
    connection,
    prefix: options.prefix ?? 'bull',
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
  // Queue re-emits connection errors; they surface through put() and isReachable() instead.
  queue.on('error', () => undefined);

  async function put(job: LeadJobData): Promise<Stored> {
    if (connection.status !== 'ready') await connectionReady(connection);
    // One content key per lead: the deduplication id and the ledger's record both carry it.
    const contentKey = contentKeyFor(job.lead);
    const received = options.records && receivedEntryOf(job, contentKey);
    const [stored] = await Promise.all([
      queue.add(ROUTE_LEAD_JOB, job, {
        ...LEAD_JOB_OPTIONS,
        jobId: job.leadId,
        deduplication: { id: contentKey, ttl: windowMs },
      }),
      // The lookup is a convenience: a lead is acknowledged whether or not it could be indexed.
      // So is the ledger: an import that misses a record imports the lead, as if it were new.
      received && options.records?.add(received).catch(() => undefined),
    ]);
    // A deduplicated add answers with the id of the job that holds the key. The same job id
    // coming back means this job is stored (now, or by an earlier try whose answer was lost).
    const leadId = stored.id ?? job.leadId;
    if (leadId === job.leadId) {
      await waitForReplicas(connection, options.waitReplicas ?? 0, queue.toKey(leadId));
      return { status: 'accepted', leadId };
    }
    // Indexed in the same round trip as the add, before it was known to be a redelivery.
    if (received) void options.records?.remove(received).catch(() => undefined);
    return { status: 'duplicate', leadId };
  }

  async function putInTime(job: LeadJobData): Promise<Stored> {
    try {
      return await withTimeout(put(job), timeoutMs, 'storing the lead');
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  return {
    queue,
    put: options.telemetry
      ? (job) => {
          const attributes = { [ATTR.leadId]: job.leadId, [ATTR.messagingDestination]: LEAD_QUEUE };
          return inSpan(tracer, 'store lead', { attributes }, async (span) => {
            const stored = await putInTime(job);
            span.setAttributes({ [ATTR.leadId]: stored.leadId, [ATTR.leadOutcome]: stored.status });
            return stored;
          });
        }
      : // Untraced (no telemetry to carry the trace on), the no-op span is not worth opening.
        putInTime,
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
