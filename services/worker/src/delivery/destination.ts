import type { DestinationConfig } from '@leadbridge/config';
import type { DestinationJobData, MatchSpec } from '@leadbridge/lead-model';

/** What one delivery achieved: logged, counted and kept as the completed job's return value. */
export interface DeliveryReport {
  /** The metric label: written, already_written, updated, skipped, sent. */
  outcome: string;
  /** The log line, in words an operator reads. */
  message: string;
  /** Facts kept with the completed job (record id, message id, why it was skipped); never personal data. */
  details: Record<string, unknown>;
}

/**
 * One place leads go: a Dataverse org or an e-mail inbox. Each has its own BullMQ queue, so it
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
  /** Delivers one lead; throws a ThrottledError, TransientError or PermanentError on failure. */
  deliver(job: DestinationJobData): Promise<DeliveryReport>;
  /** For /readyz: whether the destination answers with the credentials given. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
