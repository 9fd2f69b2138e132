import { ConfigError, envReader, type LogLevel } from '@leadbridge/service-kit';

export interface ApiConfig {
  /** Public port that receives leads. @defaultValue 3000 */
  readonly port: number;
  /** @defaultValue 'redis://127.0.0.1:6379' */
  readonly redisUrl: string;
  /** BullMQ key prefix, so several installations can share one Redis. @defaultValue 'bull' */
  readonly queuePrefix: string;
  /** Accepted values of `?code=`; several allow rotation without downtime. */
  readonly ingestSecrets: readonly string[];
  /** @defaultValue 'info' */
  readonly logLevel: LogLevel;
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
  return Object.freeze({
    port: read.int('PORT', 3000, { min: 0, max: 65535 }),
    redisUrl: read.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: read.string('QUEUE_PREFIX', 'bull'),
    ingestSecrets: Object.freeze(ingestSecrets),
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
  });
}
