import type { Lead, LeadOrigin } from './types';

/** The BullMQ queue the API fills and the worker drains. */
export const LEAD_QUEUE = 'leadbridge-leads';

/** The BullMQ job name of a lead delivery. */
export const DELIVER_LEAD_JOB = 'deliver-lead';

/** What the API stores for each lead; the worker needs nothing else. */
export interface LeadJobData {
  /** The deterministic lead id; also the BullMQ job id and the Dataverse `leadid`. */
  leadId: string;
  /** The request id of the POST that brought the lead, carried into every log line about it. */
  correlationId: string;
  /** ISO 8601 time the API received the lead. */
  receivedAt: string;
  /** The request body exactly as received, so nothing Microsoft sent is ever lost. */
  rawBody: string;
  lead: Lead;
  origin: LeadOrigin;
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Name of the worker's backoff strategy. The worker, not the producer, decides how long transient
 * failures are retried (its retry window), so `attempts` here is only an upper bound it never meets.
 */
export const DELIVERY_BACKOFF = 'leadbridge-delivery-window';

/**
 * Options for every lead job. Failed jobs are never removed: they are the dead-letter list a
 * person replays. Completed jobs stay a week so a redelivered lead is still recognised as a
 * duplicate (the Dataverse write is idempotent after that too).
 */
export const LEAD_JOB_OPTIONS = {
  attempts: 1_000_000,
  backoff: { type: DELIVERY_BACKOFF },
  removeOnComplete: { age: 7 * DAY_SECONDS },
  removeOnFail: false,
} as const;
