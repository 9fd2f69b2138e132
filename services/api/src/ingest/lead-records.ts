import type { RedisConnection } from '@leadbridge/service-kit';
import { addEmailEntryCommand, EMAIL_ENTRY_TTL_SECONDS, emailEntryKey } from './email-index';
import type { LookupHash } from './lookup-hash';
import {
  memberOf,
  RECORD_RECEIVED_SCRIPT,
  recordArguments,
  recordReceivedCommand,
  receivedKeys,
  type ReceivedEntry,
} from './received-ledger';

/**
 * What the store writes beside each lead's job: the lookup index's entry for its address and the
 * received ledger's record. Both are keyed by the address's HMAC, so it is computed once, and
 * both are written by one script: one command to build, send and read back per lead, not two.
 * The keys are the index's and the ledger's own, so `npm run forget`, the admin lookup and
 * `npm run import` find what this writes, and what the separate writes made before.
 */
export interface LeadRecords {
  add(entry: ReceivedEntry): Promise<void>;
  /** Takes both back out: the lead turned out to be a redelivery, not stored. */
  remove(entry: ReceivedEntry): Promise<void>;
}

/**
 * The ledger's script, then the index's add on a third key (the index's own script, moved along).
 * KEYS: the ledger's address key, its start marker, the index entry. ARGV: the ledger's six, the
 * lead id, the entry's lifetime.
 */
const RECORD_BOTH_SCRIPT = `${RECORD_RECEIVED_SCRIPT}
redis.call('SADD', KEYS[3], ARGV[7])
redis.call('EXPIRE', KEYS[3], ARGV[8])
`;
const RECORD_BOTH_COMMAND = 'leadbridgeRecordReceivedAndIndex';
type RecordBothCommand = (...args: (string | number)[]) => Promise<unknown>;

export interface LeadRecordsOptions {
  connection: RedisConnection;
  prefix: string;
  /** The address's HMAC, shared with the index and the ledger that read these records. */
  hash: LookupHash;
  /** Write the lookup index's entries. @defaultValue true */
  index?: boolean;
  /** Write the received ledger's records. @defaultValue true */
  ledger?: boolean;
}

export function createLeadRecords(options: LeadRecordsOptions): LeadRecords {
  const { connection, prefix, hash } = options;
  const withIndex = options.index ?? true;
  const withLedger = options.ledger ?? true;
  const keys = receivedKeys(prefix);
  const addEntry = addEmailEntryCommand(connection);
  const recordEntry = recordReceivedCommand(connection);
  if (!(RECORD_BOTH_COMMAND in connection)) {
    connection.defineCommand(RECORD_BOTH_COMMAND, { numberOfKeys: 3, lua: RECORD_BOTH_SCRIPT });
  }
  const recordBoth = (
    connection as RedisConnection & Record<typeof RECORD_BOTH_COMMAND, RecordBothCommand>
  )[RECORD_BOTH_COMMAND].bind(connection);

  return {
    async add(entry) {
      const { email } = entry;
      if (!email) {
        // No address: nothing to index, and the ledger keys the lead by its content.
        if (withLedger) await recordEntry(keys.content(entry.contentKey), keys.since, entry);
        return;
      }
      const digest = await hash.digest(email);
      if (withIndex && withLedger) {
        await recordBoth(
          keys.email(digest),
          keys.since,
          emailEntryKey(prefix, digest),
          ...recordArguments(entry),
          entry.leadId,
          EMAIL_ENTRY_TTL_SECONDS,
        );
      } else if (withLedger) {
        await recordEntry(keys.email(digest), keys.since, entry);
      } else if (withIndex) {
        await addEntry(emailEntryKey(prefix, digest), entry.leadId);
      }
    },
    async remove(entry) {
      const { email } = entry;
      if (!email) {
        if (withLedger) await connection.zrem(keys.content(entry.contentKey), memberOf(entry));
        return;
      }
      const digest = await hash.digest(email);
      await Promise.all([
        withIndex && connection.srem(emailEntryKey(prefix, digest), entry.leadId),
        withLedger && connection.zrem(keys.email(digest), memberOf(entry)),
      ]);
    },
  };
}
