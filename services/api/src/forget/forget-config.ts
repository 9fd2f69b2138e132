import { envReader, readRedisSettings, type RedisSettings } from '@leadbridge/service-kit';

/** What the erasure command needs: where the queues, the index and the spool are. */
export interface ForgetConfig {
  /** How to reach Redis, read as the API reads it. */
  readonly redis: RedisSettings;
  /** QUEUE_PREFIX, hash-tagged in cluster mode. @defaultValue 'bull' */
  readonly queuePrefix: string;
  /** The API's spool directory. @defaultValue './var/spool' */
  readonly spoolDir: string;
  /** HMAC key of the e-mail lookup index; the one kept in Redis when not given. */
  readonly lookupHashKey?: string;
}

/**
 * The API's settings that say where a lead can be, read as the API reads them; the secrets the
 * API needs to serve are not needed here.
 */
export function readForgetConfig(env: Readonly<Record<string, string | undefined>>): ForgetConfig {
  const read = envReader(env);
  const lookupHashKey = read.raw('LOOKUP_HASH_KEY');
  const redis = readRedisSettings(env);
  return Object.freeze({
    redis,
    queuePrefix: redis.queuePrefix,
    spoolDir: read.string('SPOOL_DIR', 'var/spool'),
    ...(lookupHashKey !== undefined ? { lookupHashKey } : {}),
  });
}
