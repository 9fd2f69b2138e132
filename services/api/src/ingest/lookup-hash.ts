import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { RedisConnection } from '@leadbridge/service-kit';

/**
 * Turns an e-mail address into the digest Leadbridge keys its records of it by (the lookup index,
 * the received ledger), so no key reveals an address without the HMAC key.
 */
export interface LookupHash {
  /** The hex HMAC-SHA256 of the address in its normalised form. */
  digest(email: string): Promise<string>;
}

/** The form every address is indexed and compared in. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * `key` comes from LOOKUP_HASH_KEY when set; otherwise one is generated once and kept in Redis
 * beside the queue, so every API replica (and the command-line tools) hashes alike.
 */
export function createLookupHash(options: {
  connection: RedisConnection;
  prefix: string;
  key?: string;
}): LookupHash {
  const { connection } = options;
  const keyName = `${options.prefix}:leadbridge:lookup-key`;
  // Imported once as a KeyObject (from the key text's UTF-8 bytes, as a string key always was):
  // a string key would be converted again for every address hashed.
  const asKey = (text: string) => createSecretKey(Buffer.from(text, 'utf8'));
  let hmacKey: Promise<KeyObject> | undefined = options.key
    ? Promise.resolve(asKey(options.key))
    : undefined;

  function key(): Promise<KeyObject> {
    hmacKey ??= (async () => {
      await connection.set(keyName, randomBytes(32).toString('hex'), 'NX');
      const stored = await connection.get(keyName);
      if (!stored) throw new Error('the lookup key could not be read back from Redis');
      return asKey(stored);
    })().catch((error: unknown) => {
      hmacKey = undefined; // try again next time rather than remember a failure
      throw error;
    });
    return hmacKey;
  }

  return {
    async digest(email) {
      return createHmac('sha256', await key())
        .update(normaliseEmail(email))
        .digest('hex');
    },
  };
}
