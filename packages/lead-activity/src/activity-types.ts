/**
 * What the leads pages read: one summary per lead, its timeline, and the overview's daily
 * series. Nothing here is personal data: no name, e-mail, phone or company, and no reason text
 * that could quote one. Contact details stay in the lead's job, shown to operators only.
 */

/**
 * Where a lead is, summed up over its destinations: `received` (not yet routed), `unmatched`
 * (no destination takes it: kept, replayable), `delivering`, `failed` (a destination gave up),
 * `delivered` (every destination that took it wrote it) or `skipped` (every destination that took
 * it chose not to write it, e.g. a test lead a destination ignores).
 */
export type LeadState =
  'received' | 'unmatched' | 'delivering' | 'failed' | 'delivered' | 'skipped';

export const LEAD_STATES: readonly LeadState[] = [
  'received',
  'unmatched',
  'delivering',
  'failed',
  'delivered',
  'skipped',
];

/** One destination's part in a lead. */
export type DeliveryState = 'delivering' | 'delivered' | 'failed' | 'skipped';

export interface DestinationSummary {
  /** The destination's name in the configuration. */
  name: string;
  state: DeliveryState;
  /** Tries made so far (waiting out throttling does not count). */
  attempts: number;
  /** For a Dataverse destination that wrote it: the record in Dynamics 365 (`main.aspx?etn=lead&id=…`). */
  recordUrl?: string;
  /** The last failure's reason, as the worker classified it (no personal data). */
  lastError?: string;
}

export interface LeadSummary {
  id: string;
  /** ISO 8601 UTC. */
  receivedAt: string;
  /** Where the lead came from: `marketplace` (Microsoft's POST), `csv` or `ndjson` (an import). */
  source: string;
  /** The offer's title or id. */
  offer?: string;
  /** Microsoft's action code (e.g. `INS`, `PLT`, `DNC`). */
  actionCode?: string;
  isTestLead: boolean;
  state: LeadState;
  destinations: DestinationSummary[];
}

/** Which leads the list shows; every field narrows, none given shows all. */
export interface LeadFilter {
  state?: LeadState;
  destination?: string;
  offer?: string;
  actionCode?: string;
  /** @defaultValue 'include' */
  testLeads?: 'include' | 'exclude' | 'only';
  /** Received at or after. */
  from?: Date;
  /** Received before. */
  to?: Date;
  /** Only these lead ids (a search by e-mail address through the keyed index, or by id). */
  ids?: readonly string[];
}

export interface LeadPageRequest {
  /** 1-based. */
  page: number;
  /** @defaultValue 50 */
  size: number;
}

export interface LeadPage {
  /** Newest first. */
  leads: LeadSummary[];
  /** How many leads match the filter in all. */
  total: number;
}

/** What happened to a lead, in order. Times are ISO 8601 UTC. */
export type TimelineEvent =
  | {
      at: string;
      kind: 'received';
      source: string;
      actionCode?: string;
      offer?: string;
      /** For an import: the file's name and line, and when Partner Center created the lead. */
      imported?: { file: string; line: number; createdAt?: string };
    }
  | {
      at: string;
      kind: 'routed';
      destinations: string[];
      /** Why these destinations, in words (which rule matched). */
      reason: string;
    }
  | { at: string; kind: 'unmatched'; reason: string }
  | {
      at: string;
      kind: 'attempt';
      destination: string;
      /** 1-based. */
      attempt: number;
      outcome: 'delivered' | 'retrying' | 'throttled' | 'failed' | 'skipped';
      reason?: string;
      /** For a Dataverse write: the record in Dynamics 365. */
      recordUrl?: string;
      /** For an e-mail or chat message: the message id the server gave. */
      messageId?: string;
    }
  | {
      at: string;
      kind: 'retried' | 'replayed';
      destination?: string;
      /** Who asked: the signed-in user's name as the identity provider gave it, or the basic-auth user. */
      by: string;
    };

/** One chart series: a count per day, aligned with `Overview.days`. */
export type DailySeries = Record<string, number[]>;

export interface Overview {
  /** The days covered, oldest first, as `YYYY-MM-DD` (UTC). */
  days: string[];
  /** Leads received per day, by offer. */
  byOffer: DailySeries;
  /** Leads received per day, by action code. */
  byAction: DailySeries;
  /** Time from receipt to the last destination's write, per day (null where nothing was written). */
  latency: { day: string; p50Ms: number | null; p95Ms: number | null }[];
  /** Failures (a destination gave up) over the whole range, by reason class. */
  failuresByReason: Record<string, number>;
}

/** What the filters can choose from, as seen so far. */
export interface LeadFacets {
  offers: string[];
  destinations: string[];
  actionCodes: string[];
}

/** The leads pages' view of the activity Redis holds. */
export interface LeadActivityReader {
  list(filter: LeadFilter, page: LeadPageRequest): Promise<LeadPage>;
  get(id: string): Promise<LeadSummary | undefined>;
  /** Empty when the lead is unknown or expired. */
  timeline(id: string): Promise<TimelineEvent[]>;
  /** The last `days` days up to and including `now`'s day. */
  overview(days: number, now?: Date): Promise<Overview>;
  facets(): Promise<LeadFacets>;
}
