import type { DestinationConfig } from '@leadbridge/config';
import type { DestinationJobData, MatchSpec } from '@leadbridge/lead-model';
import type { BulkWriteSettings } from './bulk-write-settings';

/** What one delivery achieved: logged, counted and kept as the completed job's return value. */
export interface DeliveryReport {
  /** The metric label: written, already_written, updated, skipped, sent. */
  outcome: string;
  /** The log line, in words an operator reads. */
  message: string;
  /** Facts kept with the completed job (record id, message id, why it was skipped); never personal data. */
  details: Record<string, unknown>;
}

/** What became of the delivery of the same lead to the destination another one waits for. */
export interface AwaitedDelivery {
  /** The destination waited for. */
  destination: string;
  /**
   * - delivered: its job completed, `result` holds what it kept (a Dataverse record's id and link);
   * - failed: its job failed for good and waits in its failed list;
   * - not-routed: the lead never went there (its `match` did not take it, or the job is gone);
   * - timed-out: still under way when the longest wait ran out.
   */
  state: 'delivered' | 'failed' | 'not-routed' | 'timed-out';
  result?: Readonly<Record<string, unknown>>;
}

/**
 * A destination that can write many leads in one request (Dataverse's `CreateMultiple`), used
 * only while its queue has a backlog; each lead's outcome is its own.
 */
export interface BulkDelivery {
  /** Batch size and the backlog from which batches are written. */
  readonly settings: BulkWriteSettings;
  /** Whether the lead may go in a batch: it is written as a plain new record, nothing else. */
  takes(job: DestinationJobData): boolean;
  /** Whether the destination can write in bulk at all; asked once, then remembered. */
  available(): Promise<boolean>;
  /**
   * Delivers the leads, in their order: each outcome is the report, or the ThrottledError,
   * TransientError or PermanentError its delivery alone would have thrown.
   */
  deliverMany(jobs: readonly DestinationJobData[]): Promise<PromiseSettledResult<DeliveryReport>[]>;
}

/** What the delivery kernel tells a destination besides the lead. */
export interface DeliveryContext {
  /** With `waitFor`: the delivery waited for, once it is over or the wait ran out. */
  awaited?: AwaitedDelivery;
}

/**
 * One place leads go: a Dataverse org, an e-mail inbox or a chat channel. Each has its own BullMQ queue, so it
 * retries, fails and is replayed on its own; a slow or broken destination never holds up another.
 */
export interface Destination {
  readonly name: string;
  /** Its kind, as the configuration file names it: a key of destinations/registry.ts. */
  readonly type: DestinationConfig['type'];
  /** Which leads it takes; none means every lead. */
  readonly match?: MatchSpec;
  /** Deliveries in flight at once in this process. */
  readonly concurrency: number;
  /** Deliveries started per window, shared by every worker process. */
  readonly rateLimit?: { readonly max: number; readonly durationMs: number };
  /**
   * Another destination whose delivery of the same lead this one waits for, at most `maxWaitMs`
   * after the lead was routed; `deliver` is then told what became of it.
   */
  readonly waitFor?: { readonly destination: string; readonly maxWaitMs: number };
  /** Delivers one lead; throws a ThrottledError, TransientError or PermanentError on failure. */
  deliver(job: DestinationJobData, context?: DeliveryContext): Promise<DeliveryReport>;
  /** With bulk writes on (DATAVERSE_BULK_WRITES=auto) and the destination able to. */
  readonly bulk?: BulkDelivery;
  /** For /readyz: whether the destination answers with the credentials given. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
