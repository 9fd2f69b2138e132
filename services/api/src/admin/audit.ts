import type { Logger } from '@leadbridge/service-kit';

/** One change someone made to leads or deliveries, for the audit log. */
export interface AuditEntry {
  /** Who: the admin user's name (`adminUserOf(res).name`), or the OS user of a command. */
  actor: string;
  /** Their Entra ID object id, when they signed in with Entra ID. */
  actorId?: string;
  /** What, in a word or two: `retry`, `promote`, `remove`, `clean`, `erase`… */
  action: string;
  /** The lead (a lead queue's or a destination queue's job id is the lead id). */
  leadId?: string;
  /** The job, when it is not a lead (or the action names no single lead). */
  jobId?: string;
  /** The queue acted on. */
  queue?: string;
  /** The destination whose deliveries were acted on. */
  destination?: string;
  /** How it ended, e.g. the HTTP status the change was answered with. */
  outcome?: string | number;
  /** How many leads or jobs the action touched, when it says. */
  count?: number;
}

/**
 * Writes one structured info line, `audit: true`, for a change made by a person: who, what, to
 * which lead, job, queue or destination. Its message is `audit: <action>`. It carries identifiers only, never a lead's contents;
 * the logger still redacts whatever would look like personal data.
 */
export function auditLog(
  logger: Logger,
  entry: AuditEntry,
  /** More identifiers and counts (never personal data), e.g. every lead id an erasure removed. */
  details: Record<string, unknown> = {},
): void {
  const fields = Object.fromEntries(
    Object.entries(entry).filter(([, value]) => value !== undefined),
  );
  logger.info(`audit: ${entry.action}`, { ...details, audit: true, ...fields });
}
