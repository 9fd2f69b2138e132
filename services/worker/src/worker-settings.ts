import {
  CONFIG_ENV,
  ConfigFileError,
  loadConfigFromEnv,
  type AlertsConfig,
  type DestinationConfig,
} from '@leadbridge/config';
import { ConfigError } from '@leadbridge/service-kit';
import {
  readEnvironmentDestination,
  readWorkerProcessConfig,
  type WorkerProcessConfig,
} from './config';

/**
 * Everything the worker is configured with: its process settings, and its destinations either
 * from the configuration file (LEADBRIDGE_CONFIG) or, without one, the single Dataverse
 * destination the environment variables describe, built the same way.
 */
export type WorkerSettings = {
  process: WorkerProcessConfig;
  destinations: readonly DestinationConfig[];
  alerts?: AlertsConfig;
} & ({ kind: 'file'; path: string } | { kind: 'environment' });

/** Reads the settings once; a bad file or variable is a ConfigError naming every problem. */
export function readWorkerSettings(env: NodeJS.ProcessEnv): WorkerSettings {
  let file;
  try {
    file = loadConfigFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigFileError)
      throw new ConfigError(CONFIG_ENV, `names a file with problems:\n${error.message}`);
    throw error;
  }
  if (!file || file.source.kind !== 'file') {
    const destination = readEnvironmentDestination(env);
    return {
      kind: 'environment',
      process: readWorkerProcessConfig(env),
      destinations: [destination],
    };
  }
  return {
    kind: 'file',
    path: file.source.path,
    process: readWorkerProcessConfig(env),
    destinations: file.destinations,
    ...(file.alerts ? { alerts: file.alerts } : {}),
  };
}
