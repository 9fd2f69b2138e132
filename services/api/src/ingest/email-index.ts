import type { RedisConnection } from '@leadbridge/service-kit';
import { createLookupHash, type LookupHash } from './lookup-hash';

export { normaliseEmail } from './lookup-hash';

/**
 * Finds leads by e-mail address without keeping addresses anywhere new in clear text: the index
 * is keyed by an HMAC of the address, so the keys reveal nothing without the HMAC key.
 */
export interface EmailIndex {
  add(email: string, leadId: string): Promise<void>;
  find(email: string): Promise<string[]>;
  /** Takes one lead id out of the address's entry (one that turned out not to be stored). */
  remove(email: string, leadId: string): Promise<void>;
  /** Removes the address's entry (an erasure request); resolves with the lead ids it held. */
  forget(email: string): Promise<string[]>;
}

/** Index entries outlive completed jobs (kept 7 days) so a lookup can still say "delivered". */
export const EMAIL_ENTRY_TTL_SECONDS = 90 * 24 * 60 * 60;

/** Where the index keeps the lead ids of the address with this HMAC digest. */
export function emailEntryKey(prefix: string, digest: string): string {
  return `${prefix}:leadbridge:email:${digest}`;
}

/** Adds the lead id to the address's entry and renews the entry's lifetime, atomically. */
const ADD_ENTRY_SCRIPT = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
`;

const ADD_ENTRY_COMMAND = 'leadbridgeAddEmailEntry';
type AddEntryCommand = (key: string, leadId: string, ttlSeconds: number) => Promise<unknown>;

/**
 * The index's add as one script call instead of MULTI/SADD/EXPIRE/EXEC: a transaction costs the
 * API more CPU than the BullMQ job itself, on every lead. A defined command is sent as EVALSHA
 * (the script's text only when Redis does not know it yet).
 */
export function addEmailEntryCommand(
  connection: RedisConnection,
): (key: string, leadId: string) => Promise<unknown> {
  if (!(ADD_ENTRY_COMMAND in connection)) {
    connection.defineCommand(ADD_ENTRY_COMMAND, { numberOfKeys: 1, lua: ADD_ENTRY_SCRIPT });
  }
  const withScript = connection as RedisConnection &
    Record<typeof ADD_ENTRY_COMMAND, AddEntryCommand>;
  return (key, leadId) => withScript[ADD_ENTRY_COMMAND](key, leadId, EMAIL_ENTRY_TTL_SECONDS);
}

/**
 * The index keys its entries by `hash` (shared with the received ledger, so both agree on an
 * address) or, when none is given, by a LookupHash made from `key` as the API makes it.
 */
export function createEmailIndex(options: {
  connection: RedisConnection;
  prefix: string;
  key?: string;
  hash?: LookupHash;
}): EmailIndex {
  const { connection, prefix } = options;
  const hash = options.hash ?? createLookupHash(options);
  const addEntry = addEmailEntryCommand(connection);

  async function entryKey(email: string): Promise<string> {
    return emailEntryKey(prefix, await hash.digest(email));
  }

  return {
    async add(email, leadId) {
      await addEntry(await entryKey(email), leadId);
    },
    async find(email) {
      return connection.smembers(await entryKey(email));
    },
    async remove(email, leadId) {
      await connection.srem(await entryKey(email), leadId);
    },
    async forget(email) {
      const entry = await entryKey(email);
      const [read] = (await connection.multi().smembers(entry).del(entry).exec()) ?? [];
      if (!read || read[0]) throw read?.[0] ?? new Error('the lookup entry could not be read');
      return read[1] as string[];
    },
  };
}
