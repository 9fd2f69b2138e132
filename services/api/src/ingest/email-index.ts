import type { RedisConnection } from '@leadbridge/service-kit';
import { createHmac, randomBytes } from 'node:crypto';

/**
 * Finds leads by e-mail address without keeping addresses anywhere new in clear text: the index
 * is keyed by an HMAC of the address, so the keys reveal nothing without the HMAC key.
 */
export interface EmailIndex {
  add(email: string, leadId: string): Promise<void>;
  find(email: string): Promise<string[]>;
  /** Removes the address's entry (an erasure request); resolves with the lead ids it held. */
  forget(email: string): Promise<string[]>;
}

/** Index entries outlive completed jobs (kept 7 days) so a lookup can still say "delivered". */
const ENTRY_TTL_SECONDS = 90 * 24 * 60 * 60;

/** Adds the lead id to the address's entry and renews the entry's lifetime, atomically. */
const ADD_ENTRY_SCRIPT = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
`;

const ADD_ENTRY_COMMAND = 'leadbridgeAddEmailEntry';
type AddEntryCommand = (key: string, leadId: string, ttlSeconds: number) => Promise<unknown>;

/** The form every address is indexed and compared in. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * `key` comes from LOOKUP_HASH_KEY when set; otherwise one is generated once and kept in Redis
 * beside the queue, so every API replica hashes alike.
 */
export function createEmailIndex(options: {
  connection: RedisConnection;
  prefix: string;
  key?: string;
}): EmailIndex {
  const { connection, prefix } = options;
  const keyName = `${prefix}:leadbridge:lookup-key`;
  let hmacKey: Promise<string> | undefined = options.key ? Promise.resolve(options.key) : undefined;

  function key(): Promise<string> {
    hmacKey ??= (async () => {
      await connection.set(keyName, randomBytes(32).toString('hex'), 'NX');
      const stored = await connection.get(keyName);
      if (!stored) throw new Error('the lookup key could not be read back from Redis');
      return stored;
    })().catch((error: unknown) => {
      hmacKey = undefined; // try again next time rather than remember a failure
      throw error;
    });
    return hmacKey;
  }

  async function entryKey(email: string): Promise<string> {
    const digest = createHmac('sha256', await key())
      .update(normaliseEmail(email))
      .digest('hex');
    return `${prefix}:leadbridge:email:${digest}`;
  }

  // One script call instead of MULTI/SADD/EXPIRE/EXEC: a transaction costs the API more CPU than
  // the BullMQ job itself, on every lead. A defined command is sent as EVALSHA (the script's text
  // only when Redis does not know it yet).
  if (!(ADD_ENTRY_COMMAND in connection)) {
    connection.defineCommand(ADD_ENTRY_COMMAND, { numberOfKeys: 1, lua: ADD_ENTRY_SCRIPT });
  }
  const withScript = connection as RedisConnection &
    Record<typeof ADD_ENTRY_COMMAND, AddEntryCommand>;

  return {
    async add(email, leadId) {
      await withScript[ADD_ENTRY_COMMAND](await entryKey(email), leadId, ENTRY_TTL_SECONDS);
    },
    async find(email) {
      return connection.smembers(await entryKey(email));
    },
    async forget(email) {
      const entry = await entryKey(email);
      const [read] = (await connection.multi().smembers(entry).del(entry).exec()) ?? [];
      if (!read || read[0]) throw read?.[0] ?? new Error('the lookup entry could not be read');
      return read[1] as string[];
    },
  };
}
