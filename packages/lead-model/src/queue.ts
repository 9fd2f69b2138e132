import type { Lead, LeadOrigin } from './types';

/** The BullMQ queue the API fills and the worker drains. */
export const LEAD_QUEUE = 'leadbridge-leads';

/**
 * The BullMQ job name of a lead waiting to be routed to its destinations. The name in Redis stays
 * 'deliver-lead', which versions before routing gave it, so jobs already queued keep their name.
 */
export const ROUTE_LEAD_JOB = 'deliver-lead';

/**
 * Where an imported lead came from: a file of leads Microsoft's commercial marketplace had sent
 * (`npm run import`), rather than a POST from Microsoft. Nothing personal: a file name, a line
 * and a date.
 */
export interface ImportedFrom {
  /** `csv`: a spreadsheet, such as Partner Center's marketplace leads export; `ndjson`: one payload a line. */
  source: 'csv' | 'ndjson';
  /** The file's name, without its directory. */
  file: string;
  /** The line of the file the lead starts on (1 is the first line, the header of a CSV file). */
  line: number;
  /** ISO 8601 time Microsoft created the lead, when the file says (Partner Center's `LeadCreationDateTime`). */
  createdAt?: string;
}

/** What the API stores for each lead; the worker needs nothing else. */
export interface LeadJobData {
  /**
   * The lead event's id, fixed when the event is first stored (see `newLeadId`); also the BullMQ
   * job id and the Dataverse `leadid`. Leads stored before the redelivery window existed have
   * their content key as id.
   */
  leadId: string;
  /**
   * The request id of the POST that brought the lead, carried into every log line about it.
   * Jobs written by earlier versions call it `correlationId`; `checkLeadJobData` reads both.
   */
  requestId: string;
  /**
   * The same request id under its earlier name, written too so that a worker of the previous
   * version, still running during a rolling upgrade, accepts the job; read nowhere. To be dropped
   * once no such worker can be left.
   */
  correlationId?: string;
  /** ISO 8601 time the API received the lead. */
  receivedAt: string;
  /** The request body exactly as received, so nothing Microsoft sent is ever lost. */
  rawBody: string;
  lead: Lead;
  origin: LeadOrigin;
  /** Present on a lead imported from a file rather than received from Microsoft. */
  imported?: ImportedFrom;
  /**
   * ISO 8601 time the lead's personal data was removed (see `withoutPersonalData`): the job is
   * kept for its dates and reason only, and is never delivered again.
   */
  personalDataRemoved?: string;
  /** With `personalDataRemoved`: why the lead had failed, kept should the job be retried anyway. */
  failedReason?: string;
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

/**
 * Destination names: lower-case letters, digits and dashes, 1–40 characters, starting with a
 * letter. They become part of a queue name and of Redis keys, so nothing else is allowed.
 */
export const DESTINATION_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * BullMQ queue holding one destination's deliveries: `leadbridge-to-<destination name>`.
 * The name is not checked here; configuration checks it against DESTINATION_NAME_PATTERN.
 */
export function destinationQueueName(destination: string): string {
  return `leadbridge-to-${destination}`;
}

/** Whether a queue found in Redis is Leadbridge's: the lead queue or a destination's queue. */
export function isLeadbridgeQueue(name: string): boolean {
  const destination = /^leadbridge-to-(.+)$/.exec(name)?.[1];
  return name === LEAD_QUEUE || DESTINATION_NAME_PATTERN.test(destination ?? '');
}

/** The BullMQ job name of a delivery to one destination. */
export const DELIVER_TO_DESTINATION_JOB = 'deliver';

/** One lead on its way to one destination: the lead's job data and where it goes. */
export interface DestinationJobData extends LeadJobData {
  /** The destination's name (see DESTINATION_NAME_PATTERN). */
  destination: string;
}
