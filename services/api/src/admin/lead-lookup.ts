import type { RedisConnection } from '@leadbridge/service-kit';
import type { DestinationJobData, ImportedFrom, LeadJobData } from '@leadbridge/lead-model';
import type { Job, Queue } from 'bullmq';

/** Where one destination's delivery of a lead is. */
export interface DeliveryStatus {
  destination: string;
  state: string;
  /** Tries made so far (waiting out throttling does not count). */
  attempts: number;
  /** When a delayed delivery will be tried again. */
  nextAttemptAt?: string;
  /** The last failure: the destination's status, code and message, or why it gave up. */
  lastError?: string;
  /** What the delivery left: the Dataverse record id and URL, the e-mail's message id… */
  result?: Record<string, unknown>;
}

/**
 * Where a lead is, as a person running Leadbridge asks it. No contact details. `state` sums it
 * up: `received` (not yet routed), `unmatched` (no destination takes it: kept, replayable),
 * `delivering`, `failed` (a destination gave up: replay it from the dashboard) or `delivered`.
 */
export interface LeadStatus {
  id: string;
  state: 'received' | 'unmatched' | 'delivering' | 'failed' | 'delivered';
  receivedAt: string;
  offer?: string;
  actionCode?: string;
  isTestLead: boolean;
  /** For a lead imported from a file (`npm run import`): which file, which line, created when. */
  imported?: ImportedFrom;
  routing: { state: string; routedTo?: string[]; lastError?: string };
  deliveries: DeliveryStatus[];
}

// BullMQ scores delayed jobs as timestamp * 0x1000 + a counter.
const DELAYED_SCORE_FACTOR = 0x1000;

async function nextAttemptAt(
  queue: Queue,
  redis: RedisConnection,
  id: string,
): Promise<string | undefined> {
  const score = await redis.zscore(queue.toKey('delayed'), id);
  return score === null
    ? undefined
    : new Date(Math.floor(Number(score) / DELAYED_SCORE_FACTOR)).toISOString();
}

/** The job and its state, the state read first so the job carries what that state wrote. */
async function jobWithState<T>(
  queue: Queue<T>,
  id: string,
): Promise<{ job: Job<T>; state: string } | undefined> {
  const state = await queue.getJobState(id);
  if (state === 'unknown') return undefined;
  const job = await queue.getJob(id);
  return job ? { job, state } : undefined;
}

async function deliveryStatus(
  queue: Queue<DestinationJobData>,
  redis: RedisConnection,
  id: string,
): Promise<DeliveryStatus | undefined> {
  const found = await jobWithState(queue, id);
  if (!found) return undefined;
  const { job, state } = found;
  const status: DeliveryStatus = {
    destination: job.data.destination,
    state,
    attempts: job.attemptsMade,
  };
  if (state === 'delayed') {
    const at = await nextAttemptAt(queue, redis, id);
    if (at) status.nextAttemptAt = at;
  }
  if (job.failedReason) status.lastError = job.failedReason;
  if (state === 'completed' && job.returnvalue)
    status.result = job.returnvalue as Record<string, unknown>;
  return status;
}

function overallState(routing: string, deliveries: readonly DeliveryStatus[]): LeadStatus['state'] {
  if (routing === 'failed') return 'unmatched';
  if (routing !== 'completed') return 'received';
  if (deliveries.some((delivery) => delivery.state === 'failed')) return 'failed';
  if (deliveries.every((delivery) => delivery.state === 'completed')) return 'delivered';
  return 'delivering';
}

/**
 * The lead with this id, wherever it is: still to be routed, or on its way to each destination.
 * Undefined when unknown or expired.
 */
export async function lookupLead(
  leads: Queue<LeadJobData>,
  destinations: readonly Queue<DestinationJobData>[],
  redis: RedisConnection,
  id: string,
): Promise<LeadStatus | undefined> {
  const found = await jobWithState(leads, id);
  if (!found) return undefined;
  const { job, state } = found;
  const { data } = job;
  const routed = job.returnvalue as { routedTo?: string[] } | null | undefined;
  const deliveries = (
    await Promise.all(destinations.map((queue) => deliveryStatus(queue, redis, id)))
  ).filter((status): status is DeliveryStatus => status !== undefined);
  const status: LeadStatus = {
    id,
    state: overallState(state, deliveries),
    receivedAt: data.receivedAt,
    isTestLead: data.origin.isTestLead,
    routing: {
      state,
      ...(state === 'completed' && routed?.routedTo ? { routedTo: routed.routedTo } : {}),
      ...(job.failedReason ? { lastError: job.failedReason } : {}),
    },
    deliveries,
  };
  const offer = data.lead.OfferTitle ?? data.origin.offerId;
  if (offer) status.offer = offer;
  if (data.origin.actionCode) status.actionCode = data.origin.actionCode;
  if (data.imported) status.imported = data.imported;
  return status;
}
