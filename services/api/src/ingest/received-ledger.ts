import { contentKeyFor, type LeadJobData } from '@leadbridge/lead-model';
import type { RedisConnection } from '@leadbridge/service-kit';
import type { LookupHash } from './lookup-hash';

/** One lead Leadbridge stored, as the ledger remembers it: ids, offer and time, nothing personal. */
export interface ReceivedRecord {
  leadId: string;
  /** The content key of the normalised lead (the same lead sent twice has the same one). */
  contentKey: string;
  /**
   * Milliseconds since 1970: when Leadbridge received the lead, or, for a lead imported from a
   * file that says so, when Microsoft created it.
   */
  at: number;
  offerTitle?: string;
  /** `publisher.offer`, when the lead source carries it. */
  offerId?: string;
}

/** What is recorded for one stored lead: the record and, when the lead has one, its e-mail. */
export interface ReceivedEntry extends ReceivedRecord {
  email?: string;
}

/**
 * What Leadbridge received over the last {@link RECEIVED_RETENTION_DAYS} days, for `npm run
 * import` to tell a lead it already has from one it missed. Partner Center keeps marketplace
 * leads six months, far longer than jobs (7 days) or the lookup index (90 days) stay.
 *
 * A lead with an e-mail address is recorded under the address's HMAC (the lookup index's); one
 * without, under its content key. Neither key nor record holds an address, a name or a phone.
 */
export interface ReceivedLedger {
  record(entry: ReceivedEntry): Promise<void>;
  /** Takes a record back out: its lead turned out to be a redelivery, not stored. */
  remove(entry: ReceivedEntry): Promise<void>;
  /** When the first lead was recorded (ms since 1970): nothing received before it is known. */
  since(): Promise<number | undefined>;
  /** The leads received from this address, oldest first. */
  byEmail(email: string): Promise<ReceivedRecord[]>;
  /** The leads without an e-mail address received with this content key, oldest first. */
  byContent(contentKey: string): Promise<ReceivedRecord[]>;
  /** Removes the address's records (an erasure request); resolves with what they held. */
  forget(email: string): Promise<ReceivedRecord[]>;
}

/** Six months of Partner Center's, and a margin for an export made on its last day. */
export const RECEIVED_RETENTION_DAYS = 200;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The newest records kept per address: far more than one person sends in six months. */
const MAX_RECORDS_PER_KEY = 500;

/**
 * Adds the record, drops records past the retention and beyond the cap, renews the key's
 * lifetime, and notes when the ledger began (once): one call, one round trip, beside the store's
 * add. KEYS: the address's or the content's key, the start marker. ARGV: member, its time, now,
 * retention (ms), cap, lifetime (s).
 */
export const RECORD_RECEIVED_SCRIPT = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(ARGV[3]) - tonumber(ARGV[4])))
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1 - tonumber(ARGV[5]))
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('SET', KEYS[2], ARGV[3], 'NX')
`;
const RECORD_COMMAND = 'leadbridgeRecordReceived';
type RecordCommand = (key: string, since: string, ...args: (string | number)[]) => Promise<unknown>;

/** The stored form: short keys, since there is one per lead for 200 days. */
interface StoredRecord {
  id: string;
  c: string;
  o?: string;
  oi?: string;
}

/** The record as stored: the same entry always gives the same text, so it can be removed. */
export function memberOf(entry: ReceivedRecord): string {
  const stored: StoredRecord = {
    id: entry.leadId,
    c: entry.contentKey,
    ...(entry.offerTitle !== undefined ? { o: entry.offerTitle } : {}),
    ...(entry.offerId !== undefined ? { oi: entry.offerId } : {}),
  };
  return JSON.stringify(stored);
}

function parseMember(member: string, score: string): ReceivedRecord | undefined {
  try {
    const stored = JSON.parse(member) as Partial<StoredRecord>;
    if (typeof stored.id !== 'string' || typeof stored.c !== 'string') return undefined;
    return {
      leadId: stored.id,
      contentKey: stored.c,
      at: Number(score),
      ...(typeof stored.o === 'string' ? { offerTitle: stored.o } : {}),
      ...(typeof stored.oi === 'string' ? { offerId: stored.oi } : {}),
    };
  } catch {
    return undefined; // not written by Leadbridge: ignored rather than trusted
  }
}

/** ZRANGE … WITHSCORES as records. */
function records(flat: readonly string[]): ReceivedRecord[] {
  const found: ReceivedRecord[] = [];
  for (let n = 0; n + 1 < flat.length; n += 2) {
    const record = parseMember(flat[n] as string, flat[n + 1] as string);
    if (record) found.push(record);
  }
  return found;
}

/** The ledger's keys under `prefix`: one per address digest, one per content key, the start marker. */
export function receivedKeys(prefix: string): {
  email(digest: string): string;
  content(contentKey: string): string;
  since: string;
} {
  return {
    email: (digest) => `${prefix}:leadbridge:received:email:${digest}`,
    content: (contentKey) => `${prefix}:leadbridge:received:content:${contentKey}`,
    since: `${prefix}:leadbridge:received:since`,
  };
}

const RETENTION_MS = RECEIVED_RETENTION_DAYS * DAY_MS;

/** ARGV of {@link RECORD_RECEIVED_SCRIPT} for one entry: member, its time, now, retention, cap, lifetime. */
export function recordArguments(entry: ReceivedRecord): (string | number)[] {
  return [
    memberOf(entry),
    entry.at,
    Date.now(),
    RETENTION_MS,
    MAX_RECORDS_PER_KEY,
    Math.ceil(RETENTION_MS / 1000),
  ];
}

/** The ledger's record as a defined command: it goes out as EVALSHA, like the lookup index's. */
export function recordReceivedCommand(
  connection: RedisConnection,
): (key: string, sinceKey: string, entry: ReceivedRecord) => Promise<unknown> {
  if (!(RECORD_COMMAND in connection)) {
    connection.defineCommand(RECORD_COMMAND, { numberOfKeys: 2, lua: RECORD_RECEIVED_SCRIPT });
  }
  const withScript = connection as RedisConnection & Record<typeof RECORD_COMMAND, RecordCommand>;
  return (key, sinceKey, entry) =>
    withScript[RECORD_COMMAND](key, sinceKey, ...recordArguments(entry));
}

export interface ReceivedLedgerOptions {
  connection: RedisConnection;
  prefix: string;
  /** The lookup index's hash, so both key an address alike. */
  hash: LookupHash;
}

export function createReceivedLedger(options: ReceivedLedgerOptions): ReceivedLedger {
  const { connection, prefix, hash } = options;
  const keys = receivedKeys(prefix);
  const emailKey = async (email: string) => keys.email(await hash.digest(email));
  const contentKey = (key: string) => keys.content(key);
  const sinceKey = keys.since;
  const keyOf = async (entry: ReceivedEntry) =>
    entry.email ? emailKey(entry.email) : contentKey(entry.contentKey);

  const recordEntry = recordReceivedCommand(connection);

  const read = async (key: string) => records(await connection.zrange(key, 0, '-1', 'WITHSCORES'));

  return {
    async record(entry) {
      await recordEntry(await keyOf(entry), sinceKey, entry);
    },
    async remove(entry) {
      await connection.zrem(await keyOf(entry), memberOf(entry));
    },
    async since() {
      const value = await connection.get(sinceKey);
      return value === null ? undefined : Number(value);
    },
    async byEmail(email) {
      return read(await emailKey(email));
    },
    async byContent(key) {
      return read(contentKey(key));
    },
    async forget(email) {
      const key = await emailKey(email);
      const [found] =
        (await connection.multi().zrange(key, 0, '-1', 'WITHSCORES').del(key).exec()) ?? [];
      if (!found || found[0])
        throw found?.[0] ?? new Error('the received records could not be read');
      return records(found[1] as string[]);
    },
  };
}

/**
 * What the ledger records of a stored lead: its content key, its offer, and its time: when it was
 * received or, imported from a file that says so, when Microsoft created it. A caller that already
 * has the lead's content key passes it: it is a SHA-1 of the canonical lead, not worth doing twice.
 */
export function receivedEntryOf(
  job: LeadJobData,
  contentKey: string = contentKeyFor(job.lead),
): ReceivedEntry {
  const { lead, origin } = job;
  return {
    leadId: job.leadId,
    contentKey,
    at: Date.parse(job.imported?.createdAt ?? job.receivedAt),
    ...(lead.UserDetails.Email !== undefined ? { email: lead.UserDetails.Email } : {}),
    ...(lead.OfferTitle !== undefined ? { offerTitle: lead.OfferTitle } : {}),
    ...(origin.offerId !== undefined ? { offerId: origin.offerId } : {}),
  };
}
