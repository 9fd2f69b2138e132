import { envReader, readRedisUrl } from '@leadbridge/service-kit';

/** What the erasure command needs: where the queues, the index and the spool are. */
export interface ForgetConfig {
  /** REDIS_URL, with REDIS_PASSWORD when the URL carries none. @defaultValue 'redis://127.0.0.1:6379' */
  readonly redisUrl: string;
  /** @defaultValue 'bull' */
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
  return Object.freeze({
    redisUrl: readRedisUrl(env),
    queuePrefix: read.string('QUEUE_PREFIX', 'bull'),
    spoolDir: read.string('SPOOL_DIR', 'var/spool'),
    ...(lookupHashKey !== undefined ? { lookupHashKey } : {}),
  });
}
