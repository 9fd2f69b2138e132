import type { TimelineEvent } from './activity-types';

/** A lead as the activity knows it: what its job says, nothing personal. */
export interface ActivityLead {
  id: string;
  /** ISO 8601 UTC: when the API received it (the job's `receivedAt`). */
  receivedAt: string;
  /** `marketplace`, or the import's `csv` / `ndjson`. */
  source: string;
  offer?: string;
  actionCode?: string;
  isTestLead: boolean;
  /** For an imported lead: the file's name and line, and when Partner Center created it. */
  imported?: { file: string; line: number; createdAt?: string };
}

/** One try of one destination, as the worker saw it end. */
export interface AttemptRecord {
  destination: string;
  /** 1-based; a throttled try keeps the number of the try it waits to make. */
  attempt: number;
  outcome: 'delivered' | 'retrying' | 'throttled' | 'failed' | 'skipped';
  /** Why, in words with no personal data (a class, never a destination's own text). */
  reason?: string;
  /** With `failed`: what the overview counts the failure under, e.g. `permanent 403 0x80040220`. */
  failureClass?: string;
  recordUrl?: string;
  messageId?: string;
}

/** A person's action on a lead in the admin pages. */
export interface OperatorAction {
  kind: 'retried' | 'replayed';
  destination?: string;
  /** The signed-in user's name as the identity provider gave it, or the basic-auth user. */
  by: string;
}

/** The timeline entry of an attempt: the record less what only the counters need. */
export function attemptEntry(record: AttemptRecord, at: Date): TimelineEvent {
  const { failureClass: _counted, ...shown } = record;
  return { at: at.toISOString(), kind: 'attempt', ...shown };
}

/** The `received` entry of a lead. */
export function receivedEntry(lead: ActivityLead): TimelineEvent {
  return {
    at: lead.receivedAt,
    kind: 'received',
    source: lead.source,
    ...(lead.actionCode !== undefined ? { actionCode: lead.actionCode } : {}),
    ...(lead.offer !== undefined ? { offer: lead.offer } : {}),
    ...(lead.imported ? { imported: lead.imported } : {}),
  };
}
