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
export { DEFAULT_DESTINATION_NAME } from './build-config';
export { CONFIG_ENV, loadConfigFromEnv } from './load-config-from-env';
export { MissingSecretError, readSecretEnv } from './read-secret-env';
