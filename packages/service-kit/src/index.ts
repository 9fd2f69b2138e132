export { ConfigError, envReader, loadDotEnv, readConfigOrExit, type EnvReader } from './config';
export {
  createLogger,
  type Logger,
  type LogFields,
  type LogLevel,
  type LoggerOptions,
} from './logger';
export { REDACTED, redactText, redactValue } from './redact';
export {
  ConnectionDownError,
  connectionReady,
  createProducerConnection,
  createWorkerConnection,
} from './redis';
export { readRedisUrl } from './redis-url';
export { closeOnSignals, logFatalErrors } from './shutdown';
export { TimeoutError, withTimeout } from './timeout';
