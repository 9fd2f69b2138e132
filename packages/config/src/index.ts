export type {
  AlertsConfig,
  ChatDestinationConfig,
  DataverseCredentialConfig,
  DataverseDestinationConfig,
  DestinationConfig,
  DoNotContactConfig,
  EmailDestinationConfig,
  LeadbridgeConfig,
  RepeatCustomersConfig,
} from './config-types';
export { ConfigFileError, type ConfigFileProblem } from './config-file-error';
export { CONFIG_SCHEMA, CONFIG_SCHEMA_PATH } from './config-schema';
export { buildConfig } from './build-config';
export type { ConfigFileContents } from './config-file-schema';
export {
  DATAVERSE_MAX_CONCURRENCY_LIMIT,
  DEFAULT_ALERT_LIMITS,
  DEFAULT_CHAT_WAIT_SECONDS,
  DEFAULT_DATAVERSE_LIMITS,
  DEFAULT_BULK_WRITES,
  BULK_BATCH_SIZE_LIMIT,
  DEFAULT_DATAVERSE_POLICIES,
  DEFAULT_DESTINATION_NAME,
} from './config-defaults';
export { CONFIG_ENV, loadConfigFromEnv } from './load-config-from-env';
export { MissingSecretError, readSecretEnv } from './read-secret-env';
export { DATAVERSE_CREDENTIAL_KINDS } from './destinations/dataverse/dataverse-schema';
