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
export { findQueueNames } from './queue-names';
export { REDACTED, redactValue } from './redact';
export { MAX_LOGGED_TEXT, redactText } from './redact-text';
export {
  ConnectionDownError,
  connectionReady,
  createProducerConnection,
  createWorkerConnection,
} from './redis';
export { readRedisUrl } from './redis-url';
export { closeOnSignals, logFatalErrors } from './shutdown';
export { TimeoutError, withTimeout } from './timeout';
