export type {
  AlertsConfig,
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
export {
  DEFAULT_BACKLOG_THRESHOLD,
  DEFAULT_DESTINATION_NAME,
  DEFAULT_DO_NOT_CONTACT_COLUMNS,
  DEFAULT_QUIET_MINUTES,
} from './build-config';
export { loadConfigFile, type FileConfig } from './load-config-file';
export { CONFIG_ENV, loadConfigFromEnv } from './load-config-from-env';
export { MissingSecretError, readSecretEnv } from './read-secret-env';
