export {
  ConfigError,
  envReader,
  loadDotEnv,
  readConfigOrExit,
  urlEncodingHint,
  type EnvReader,
} from './config';
export {
  createLogger,
  type Logger,
  type LogFields,
  type LogLevel,
  type LoggerOptions,
} from './logger';
export { maskUrl, maskUrlCredentials } from './mask-url';
export { REDACTED, redactValue } from './redact';
export { MAX_LOGGED_TEXT, redactText } from './redact-text';
export { ConnectionDownError, connectionReady } from './redis/connection-ready';
export { describeRedis } from './redis/describe-redis';
export { hashTagged } from './redis/hash-tag';
export { logRedisErrors } from './redis/log-redis-errors';
export { findQueueNames } from './redis/queue-names';
export { readRedisSettings } from './redis/read-redis-settings';
export {
  createProducerConnection,
  createWorkerConnection,
  isCluster,
  type RedisConnection,
  type RedisTarget,
} from './redis/redis-connection';
export { redisProblem } from './redis/redis-problem';
export { serverForKey } from './redis/server-for-key';
export type {
  ClusterRedisSettings,
  RedisAddress,
  RedisMode,
  RedisSettings,
  RedisTlsSettings,
  SentinelRedisSettings,
  StandaloneRedisSettings,
} from './redis/redis-settings';
export { closeOnSignals, logFatalErrors } from './shutdown';
export { TimeoutError, withTimeout } from './timeout';
