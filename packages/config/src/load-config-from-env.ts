import { resolve } from 'node:path';
import type { LeadbridgeConfig } from './config-types';
import { readConfigFile } from './load-config-file';

/** The environment variable naming the configuration file. */
export const CONFIG_ENV = 'LEADBRIDGE_CONFIG';

/**
 * The configuration file named by LEADBRIDGE_CONFIG, checked; undefined when the variable is
 * unset or empty, and callers then read their environment variables as before. A relative path
 * is taken from the working directory. Throws a ConfigFileError as {@link readConfigFile} does.
 */
export function loadConfigFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): LeadbridgeConfig | undefined {
  const named = env[CONFIG_ENV]?.trim();
  if (!named) return undefined;
  return readConfigFile(resolve(process.cwd(), named), CONFIG_ENV);
}
