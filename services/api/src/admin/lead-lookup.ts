import type { LeadJobData } from '@leadbridge/lead-model';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Where a lead is, as a person running Leadbridge asks it. No contact details. */
export interface LeadStatus {
  id: string;
  state: string;
  receivedAt: string;
  offer?: string;
  actionCode?: string;
  isTestLead: boolean;
  /** Tries made so far (waiting out throttling does not count). */
  attempts: number;
  /** When a delayed lead will be tried again. */
  nextAttemptAt?: string;
  /** The last failure: Dataverse's status, code and message, or why it gave up. */
  lastError?: string;
  dataverse?: { recordId: string; entityUrl: string; created: boolean; deliveredAt: string };
}

/** What the worker keeps on a completed job. */
interface DeliveredLead {
  recordId: string;
  entityUrl: string;
  created: boolean;
  deliveredAt: string;
}

// BullMQ scores delayed jobs as timestamp * 0x1000 + a counter.
const DELAYED_SCORE_FACTOR = 0x1000;

async function nextAttemptAt(
  queue: Queue<LeadJobData>,
  redis: Redis,
  id: string,
): Promise<string | undefined> {
  const score = await redis.zscore(queue.toKey('delayed'), id);
  return score === null
    ? undefined
    : new Date(Math.floor(Number(score) / DELAYED_SCORE_FACTOR)).toISOString();
}

function describe(job: Job<LeadJobData>, state: string): LeadStatus {
  const { data } = job;
  const status: LeadStatus = {
    id: job.id ?? data.leadId,
    state,
    receivedAt: data.receivedAt,
    isTestLead: data.origin.isTestLead,
    attempts: job.attemptsMade,
  };
  const offer = data.lead.OfferTitle ?? data.origin.offerId;
  if (offer) status.offer = offer;
  if (data.origin.actionCode) status.actionCode = data.origin.actionCode;
  if (job.failedReason) status.lastError = job.failedReason;
  const delivered = job.returnvalue as DeliveredLead | null | undefined;
  if (state === 'completed' && delivered?.recordId) {
    const { recordId, entityUrl, created, deliveredAt } = delivered;
    status.dataverse = { recordId, entityUrl, created, deliveredAt };
  }
  return status;
}

/** The lead with this id, wherever it is in the queue; undefined when unknown or expired. */
export async function lookupLead(
  queue: Queue<LeadJobData>,
  redis: Redis,
  id: string,
): Promise<LeadStatus | undefined> {
  const job = await queue.getJob(id);
  if (!job) return undefined;
  const state = await job.getState();
  const status = describe(job, state);
  if (state === 'delayed') {
    const at = await nextAttemptAt(queue, redis, id);
    if (at) status.nextAttemptAt = at;
  }
  return status;
}
