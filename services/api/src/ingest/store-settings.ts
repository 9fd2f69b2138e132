import { envReader, readRedisUrl } from '@leadbridge/service-kit';

/** Where the API keeps leads and its records of them, for the tools that work beside it. */
export interface StoreSettings {
  /** REDIS_URL, with REDIS_PASSWORD when the URL carries none. @defaultValue 'redis://127.0.0.1:6379' */
  readonly redisUrl: string;
  /** @defaultValue 'bull' */
  readonly queuePrefix: string;
  /** HMAC key of the e-mail lookup index and the received ledger; the one kept in Redis when not given. */
  readonly lookupHashKey?: string;
}

/** The API's settings that say where leads are, read as the API reads them. */
export function readStoreSettings(
  env: Readonly<Record<string, string | undefined>>,
): StoreSettings {
  const read = envReader(env);
  const lookupHashKey = read.raw('LOOKUP_HASH_KEY');
  return {
    redisUrl: readRedisUrl(env),
    queuePrefix: read.string('QUEUE_PREFIX', 'bull'),
    ...(lookupHashKey !== undefined ? { lookupHashKey } : {}),
  };
}
