import {
  buildConfig,
  DATAVERSE_MAX_CONCURRENCY_LIMIT,
  DEFAULT_DATAVERSE_LIMITS,
  DEFAULT_DESTINATION_NAME,
  type ConfigFileContents,
  type DataverseDestinationConfig,
} from '@leadbridge/config';
import {
  ConfigError,
  envReader,
  readRedisSettings,
  type EnvReader,
  type LogLevel,
  type RedisSettings,
} from '@leadbridge/service-kit';
import { readTracingSettings, type TracingSettings } from '@leadbridge/tracing';
import type { DataverseConnection } from './destinations/dataverse/create-delivery';
import type { DataverseDefaults } from './delivery/destination-deps';
import {
  BULK_BATCH_SIZE_LIMIT,
  BULK_WRITE_MODES,
  DEFAULT_BULK_WRITES,
} from './delivery/bulk-write-settings';
import { dataverseConnection } from './destinations/dataverse/dataverse-from-config';
import { readProxySettings, type ProxySettings } from './proxy/proxy-settings';
import {
  CREDENTIAL_HINT,
  credentialKind,
  unsetFor,
} from './destinations/dataverse/credential-from-env';
import type { CredentialKind } from './destinations/dataverse/dataverse-settings';

/** Settings of the worker process, whatever its destinations. */
export interface WorkerProcessConfig {
  /** How to reach Redis (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES, TLS, passwords). */
  readonly redis: RedisSettings;
  /** QUEUE_PREFIX, hash-tagged in cluster mode (`redis.queuePrefix`). @defaultValue 'bull' */
  readonly queuePrefix: string;
  readonly logLevel: LogLevel;
  /** One Dataverse request's time limit. @defaultValue 30000 */
  readonly requestTimeoutMs: number;
  /** How long transient failures are retried before a lead fails. @defaultValue 24 hours */
  readonly retryWindowMs: number;
  /**
   * The longest pause a destination's Retry-After causes (RETRY_AFTER_MAX_SECONDS); a longer one
   * is cut to it, and logged. @defaultValue 15 minutes
   */
  readonly retryAfterMaxMs: number;
  /** How long a crashed worker's leads stay locked before another takes them. @defaultValue 30000 */
  readonly lockDurationMs: number;
  /** Port of /healthz, /readyz and /metrics; keep it internal. @defaultValue 3002 */
  readonly healthPort: number;
  /** Longest wait for leads in flight on shutdown. @defaultValue 25000 */
  readonly shutdownGraceMs: number;
  /**
   * Whether every smtp:// server (e-mail destinations and alerts) must upgrade with STARTTLS
   * before anything is sent; false only for a trusted local relay. A destination's `requireTls`
   * in the configuration file wins. @defaultValue true
   */
  readonly smtpRequireTls: boolean;
  /** How long a failed lead keeps its personal data (it is kept for replay). @defaultValue 30 days */
  readonly failedRetentionMs: number;
  /**
   * LEAD_ACTIVITY_DAYS: how long the leads pages keep a lead's summary and timeline after its
   * receipt (they hold no personal data). @defaultValue 30, as long as a failed lead keeps its
   * personal data for replay (FAILED_RETENTION_DAYS' default) and beyond a completed job's week
   */
  readonly activityRetentionDays: number;
  /** AZURE_AUTHORITY_HOST, DATAVERSE_MAX_CONCURRENCY, DATAVERSE_RATE_LIMIT_* and DATAVERSE_BULK_*. */
  readonly dataverse: DataverseDefaults;
  /**
   * The outbound proxy every connection to Entra ID, Dataverse, webhooks and SMTP servers goes
   * through (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). @defaultValue none: direct connections
   */
  readonly proxy: ProxySettings;
  /** Traces, from the standard OTEL_* variables: off unless an OTLP endpoint is set. */
  readonly tracing: TracingSettings;
}

/**
 * The process settings plus how to reach the one Dataverse destination the environment describes
 * when there is no configuration file.
 */
export interface WorkerConfig extends WorkerProcessConfig, DataverseConnection {
  readonly rateLimit: DataverseDefaults['rateLimit'];
}

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
// The same defaults the configuration file's schema quotes for a destination that leaves them out.
const DATAVERSE = DEFAULT_DATAVERSE_LIMITS;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

type Env = Readonly<Record<string, string | undefined>>;
type DataverseEntry = Extract<ConfigFileContents['destinations'][number], { type: 'dataverse' }>;

/**
 * The tenant settings that have no default and are unset, in the order an operator fills them in:
 * a worker never falls back to some other tenant (or to the simulator) for them. Which ones the
 * credential needs depends on its kind; with none to be seen, a secret's are asked for.
 */
function unsetTenantSettings(read: EnvReader, kind: CredentialKind | undefined): string[] {
  const url = read.raw('DATAVERSE_URL') === undefined ? ['DATAVERSE_URL'] : [];
  if (kind !== undefined) return [...url, ...unsetFor(kind, read)];
  const ids = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'].filter((name) => read.raw(name) === undefined);
  return [...url, ...ids, CREDENTIAL_HINT];
}

/** "A, B and C", of two or more names. */
function listed(names: readonly string[]): string {
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** Reads the process settings; the destinations come from the configuration file. */
export function readWorkerProcessConfig(env: Env): WorkerProcessConfig {
  const read = envReader(env);
  const redis = readRedisSettings(env);
  return Object.freeze({
    redis,
    queuePrefix: redis.queuePrefix,
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    requestTimeoutMs: read.int('DATAVERSE_TIMEOUT_MS', 30_000, { min: 100 }),
    retryWindowMs: read.int('DELIVERY_RETRY_HOURS', 24, { min: 0 }) * HOUR_MS,
    retryAfterMaxMs: read.int('RETRY_AFTER_MAX_SECONDS', 900, { min: 1 }) * 1000,
    lockDurationMs: read.int('WORKER_LOCK_DURATION_MS', 30_000, { min: 1_000 }),
    healthPort: read.int('WORKER_HEALTH_PORT', 3002, { min: 0, max: 65535 }),
    shutdownGraceMs: read.int('SHUTDOWN_GRACE_MS', 25_000, { min: 0 }),
    smtpRequireTls: read.bool('SMTP_REQUIRE_TLS', true),
    failedRetentionMs: read.int('FAILED_RETENTION_DAYS', 30, { min: 1 }) * DAY_MS,
    activityRetentionDays: read.int('LEAD_ACTIVITY_DAYS', 30, { min: 1, max: 400 }),
    proxy: readProxySettings(env),
    dataverse: Object.freeze({
      authorityHost: withoutTrailingSlash(
        read.url('AZURE_AUTHORITY_HOST', DATAVERSE.authorityHost, ['https:']),
      ),
      maxConcurrency: read.int('DATAVERSE_MAX_CONCURRENCY', DATAVERSE.maxConcurrency, {
        min: 1,
        max: DATAVERSE_MAX_CONCURRENCY_LIMIT,
      }),
      rateLimit: Object.freeze({
        max: read.int('DATAVERSE_RATE_LIMIT_MAX', DATAVERSE.rateLimit.max, { min: 1 }),
        durationMs: read.int('DATAVERSE_RATE_LIMIT_WINDOW_MS', DATAVERSE.rateLimit.windowMs, {
          min: 1,
        }),
      }),
      bulkWrites: Object.freeze({
        mode: read.oneOf('DATAVERSE_BULK_WRITES', DEFAULT_BULK_WRITES.mode, BULK_WRITE_MODES),
        batchSize: read.int('DATAVERSE_BULK_BATCH_SIZE', DEFAULT_BULK_WRITES.batchSize, {
          min: 2,
          max: BULK_BATCH_SIZE_LIMIT,
        }),
        backlog: read.int('DATAVERSE_BULK_BACKLOG', DEFAULT_BULK_WRITES.backlog, { min: 1 }),
      }),
    }),
    tracing: readTracingSettings(env, 'leadbridge-worker'),
  });
}

/**
 * Without a configuration file: the one Dataverse destination the environment variables
 * describe, written as the file would write it and built by the same function, so it has the
 * same defaults (the default mapping and policies; the worker's own authority host, concurrency
 * and rate limit). Throws a ConfigError naming the first bad variable.
 */
export function readEnvironmentDestination(env: Env): DataverseDestinationConfig {
  const read = envReader(env);
  const kind = credentialKind(read, env);
  // Several unset at once is a tenant not configured at all: say everything it needs in one line.
  const unset = unsetTenantSettings(read, kind);
  if (unset.length > 1) {
    throw new ConfigError(
      listed(unset),
      "are required but not set: set your Dynamics 365 tenant's values, or LEADBRIDGE_CONFIG to a configuration file",
    );
  }
  const url = withoutTrailingSlash(read.url('DATAVERSE_URL', undefined, ['https:']));
  if (kind === undefined) {
    throw new ConfigError(
      'AZURE_CLIENT_SECRET',
      'or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE or AZURE_CREDENTIAL=managed-identity is required: the worker needs a credential for Entra ID',
    );
  }
  const [missing] = unsetFor(kind, read);
  if (missing !== undefined) {
    const chosen = read.raw('AZURE_CREDENTIAL') !== undefined;
    throw new ConfigError(
      missing,
      chosen ? `is required by AZURE_CREDENTIAL=${kind}` : 'is required but not set',
    );
  }
  const clientId = read.raw('AZURE_CLIENT_ID');
  const ids = {
    ...(kind !== 'managed-identity' ? { tenantId: read.required('AZURE_TENANT_ID') } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
  };
  // Each kind's keys, as a configuration file's destination writes them.
  const credentials: Record<CredentialKind, () => Partial<DataverseEntry>> = {
    secret: () => ({ clientSecretEnv: 'AZURE_CLIENT_SECRET' }),
    certificate: () => ({ clientCertificatePath: read.required('AZURE_CLIENT_CERTIFICATE_PATH') }),
    'managed-identity': () => ({ credential: 'managed-identity' }),
    'workload-identity': () => ({
      credential: 'workload-identity',
      federatedTokenFile: read.required('AZURE_FEDERATED_TOKEN_FILE'),
    }),
  };
  const [destination] = buildConfig({
    destinations: [
      {
        name: DEFAULT_DESTINATION_NAME,
        type: 'dataverse',
        url,
        ...ids,
        ...credentials[kind](),
      },
    ],
  }).destinations;
  return destination as DataverseDestinationConfig;
}

/**
 * Reads and checks the worker's settings once, with how to reach its one Dataverse destination
 * described by environment variables; throws a ConfigError naming the first bad one.
 */
export function readWorkerConfig(env: Env): WorkerConfig {
  const destination = readEnvironmentDestination(env);
  const processConfig = readWorkerProcessConfig(env);
  return Object.freeze({
    ...processConfig,
    ...dataverseConnection(destination, { ...processConfig, env }),
    rateLimit: processConfig.dataverse.rateLimit,
  });
}
