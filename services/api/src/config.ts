import {
  CONFIG_ENV,
  ConfigFileError,
  DEFAULT_DESTINATION_NAME,
  loadConfigFromEnv,
} from '@leadbridge/config';
import {
  ConfigError,
  envReader,
  readRedisSettings,
  type LogLevel,
  type RedisSettings,
} from '@leadbridge/service-kit';
import { readAdminConfig, type AdminConfig } from './admin/admin-config';
import { parseTrustProxy } from './http/trust-proxy';
import { GENERATE_HINT, guessableBecause, MIN_SECRET_BITS } from './secret-strength';

export interface ApiConfig {
  /** Public port that receives leads. @defaultValue 3000 */
  readonly port: number;
  /** How to reach Redis (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES, TLS, passwords). */
  readonly redis: RedisSettings;
  /**
   * BullMQ key prefix, so several installations can share one Redis: QUEUE_PREFIX, hash-tagged in
   * cluster mode (`redis.queuePrefix`). @defaultValue 'bull'
   */
  readonly queuePrefix: string;
  /** Accepted values of `?code=`; several allow rotation without downtime. */
  readonly ingestSecrets: readonly string[];
  /** @defaultValue 'info' */
  readonly logLevel: LogLevel;
  /** The admin listener (dashboard, lookup, metrics); it starts only with a password. */
  readonly admin: AdminConfig;
  /**
   * Proxies in front of the public port whose X-Forwarded-For is believed; the admin listener has
   * its own (`admin.trustProxy`). @defaultValue false
   */
  readonly trustProxy: boolean | number | string;
  /** Where leads wait on disk while Redis is unreachable. @defaultValue './var/spool' */
  readonly spoolDir: string;
  /** HMAC key of the e-mail lookup index; generated and kept in Redis when not given. */
  readonly lookupHashKey?: string;
  /**
   * The destinations' names, whose queues the dashboard and the lookup show: those of the
   * configuration file (LEADBRIDGE_CONFIG), or the one the worker's environment describes.
   */
  readonly destinations: readonly string[];
}

/** Destination names from the configuration file, validated as the worker validates it. */
function readDestinationNames(env: Readonly<Record<string, string | undefined>>): string[] {
  try {
    const file = loadConfigFromEnv(env);
    return file ? file.destinations.map(({ name }) => name) : [DEFAULT_DESTINATION_NAME];
  } catch (error) {
    if (error instanceof ConfigFileError) {
      throw new ConfigError(CONFIG_ENV, `names a file with problems:\n${error.message}`);
    }
    throw error;
  }
}

/** A secret shorter than this could be guessed by trying; Partner Center URLs are long anyway. */
export const MIN_SECRET_LENGTH = 32;

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/** Reads and checks the API's settings once; throws a ConfigError naming the first bad variable. */
export function readApiConfig(env: Readonly<Record<string, string | undefined>>): ApiConfig {
  const read = envReader(env);
  const ingestSecrets = read.list('INGEST_SECRETS');
  if (ingestSecrets.length === 0) {
    throw new ConfigError(
      'INGEST_SECRETS',
      `is required: one or more comma-separated secrets of at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  const short = ingestSecrets.findIndex((secret) => secret.length < MIN_SECRET_LENGTH);
  if (short !== -1) {
    throw new ConfigError(
      'INGEST_SECRETS',
      `entry ${short + 1} is shorter than ${MIN_SECRET_LENGTH} characters`,
    );
  }
  ingestSecrets.forEach((secret, index) => {
    const weakness = guessableBecause(secret, MIN_SECRET_BITS);
    if (weakness) {
      throw new ConfigError(
        'INGEST_SECRETS',
        `entry ${index + 1} is easy to guess: ${weakness}. ${GENERATE_HINT}`,
      );
    }
  });
  const admin = readAdminConfig(read);
  const lookupHashKey = read.raw('LOOKUP_HASH_KEY');
  const redis = readRedisSettings(env);
  return Object.freeze({
    port: read.int('PORT', 3000, { min: 0, max: 65535 }),
    redis,
    queuePrefix: redis.queuePrefix,
    ingestSecrets: Object.freeze(ingestSecrets),
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    admin,
    spoolDir: read.string('SPOOL_DIR', 'var/spool'),
    trustProxy: parseTrustProxy(read.raw('TRUST_PROXY')),
    ...(lookupHashKey !== undefined ? { lookupHashKey } : {}),
    destinations: Object.freeze(readDestinationNames(env)),
  });
}
