import { envReader, readRedisSettings, type RedisSettings } from '@leadbridge/service-kit';
import { DEFAULT_DEDUPE_WINDOW_SECONDS } from './lead-store';

/** Where the API keeps leads and its records of them, for the tools that work beside it. */
export interface StoreSettings {
  /** How to reach Redis (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES, TLS, passwords). */
  readonly redis: RedisSettings;
  /**
   * BullMQ key prefix, so several installations can share one Redis: QUEUE_PREFIX, hash-tagged in
   * cluster mode (`redis.queuePrefix`). @defaultValue 'bull'
   */
  readonly queuePrefix: string;
  /** HMAC key of the e-mail lookup index and the received ledger; the one kept in Redis when not given. */
  readonly lookupHashKey?: string;
  /**
   * How long after a lead is first stored the same content is answered as a redelivery (one
   * lead) rather than stored as a new event. @defaultValue 86400 (one day)
   */
  readonly dedupeWindowSeconds: number;
}

/** Partner Center keeps a lead six months; a window longer than that recognises nothing more. */
const MAX_DEDUPE_WINDOW_SECONDS = 183 * 24 * 60 * 60;

/** The API's settings that say where leads are, read as the API reads them. */
export function readStoreSettings(
  env: Readonly<Record<string, string | undefined>>,
): StoreSettings {
  const read = envReader(env);
  const lookupHashKey = read.raw('LOOKUP_HASH_KEY');
  const redis = readRedisSettings(env);
  return {
    redis,
    queuePrefix: redis.queuePrefix,
    dedupeWindowSeconds: read.int('DEDUPE_WINDOW_SECONDS', DEFAULT_DEDUPE_WINDOW_SECONDS, {
      min: 1,
      max: MAX_DEDUPE_WINDOW_SECONDS,
    }),
    ...(lookupHashKey !== undefined ? { lookupHashKey } : {}),
  };
}
