// Imports nothing: the schema quotes these defaults, and the configuration's types come from the
// schema, so their types are the literal values' own; filling a destination with them (build-config)
// checks that they fit.

/** The one Dataverse destination described by environment variables when there is no file. */
export const DEFAULT_DESTINATION_NAME = 'dynamics';

/** Freezes the value and everything in it: configuration is shared for the life of the process. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * What a Dataverse destination does with test leads, do-not-contact leads and repeat customers
 * when it does not say: the one place these defaults are written, for the file and the
 * environment alike.
 */
export const DEFAULT_DATAVERSE_POLICIES = deepFreeze({
  testLeads: 'write',
  doNotContact: { action: 'flag', columns: ['donotemail', 'donotphone'] },
  repeatCustomers: { action: 'new-lead' },
} as const);

/**
 * How a Dataverse destination that does not say signs in and paces itself: the worker's
 * AZURE_AUTHORITY_HOST, DATAVERSE_MAX_CONCURRENCY and DATAVERSE_RATE_LIMIT_MAX /
 * DATAVERSE_RATE_LIMIT_WINDOW_MS when they are unset, as the schema's descriptions quote them.
 */
export const DEFAULT_DATAVERSE_LIMITS = deepFreeze({
  /** The public cloud's Entra ID; sovereign clouds have their own. */
  authorityHost: 'https://login.microsoftonline.com',
  maxConcurrency: 8,
  /** Leads started per window across all worker processes. */
  rateLimit: { max: 18, windowMs: 1000 },
} as const);

/**
 * Whether a Dataverse destination writes a backlog in bulk (`CreateMultiple`) when neither it nor
 * the worker's DATAVERSE_BULK_WRITES, DATAVERSE_BULK_BATCH_SIZE and DATAVERSE_BULK_BACKLOG say:
 * auto, 100 leads per request from 200 waiting leads. On by default since bench/backlog.mjs
 * measured it against Dataverse's limits: a 10,000-lead backlog drains more than 10 times as
 * fast as one request per lead, with no 429, and a fresh lead still reaches Dynamics within
 * seconds.
 */
export const DEFAULT_BULK_WRITES: {
  readonly mode: 'off' | 'auto';
  readonly batchSize: number;
  readonly backlog: number;
} = deepFreeze({ mode: 'auto', batchSize: 100, backlog: 200 });

/** Dataverse's suggested largest `CreateMultiple`; the simulator refuses more targets. */
export const BULK_BATCH_SIZE_LIMIT = 1000;

/** Dataverse refuses more concurrent requests than this from one application user. */
export const DATAVERSE_MAX_CONCURRENCY_LIMIT = 52;

/** What an `alerts` section leaves out. */
export const DEFAULT_ALERT_LIMITS: {
  readonly quietMinutes: number;
  readonly backlogThreshold: number;
} = deepFreeze({ quietMinutes: 15, backlogThreshold: 1000 });

/**
 * How long a chat destination with `waitFor` waits for that Dataverse delivery before it posts
 * its message without the record's link: long enough for a throttled or briefly failing org to
 * catch up, short enough that sales still hear of the lead the same hour.
 */
export const DEFAULT_CHAT_WAIT_SECONDS = 600;
