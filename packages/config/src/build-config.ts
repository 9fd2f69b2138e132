import type { AlertsConfig, DestinationConfig } from './config-types';
import type { AlertsEntry, ConfigFileContents } from './config-file-schema';
import { DEFAULT_ALERT_LIMITS, deepFreeze } from './config-defaults';
import { buildDestination } from './destinations/destination-types';

function alerts(entry: AlertsEntry): AlertsConfig {
  return {
    ...(entry.email ? { email: entry.email } : {}),
    ...(entry.webhook ? { webhook: entry.webhook } : {}),
    quietMinutes: entry.quietMinutes ?? DEFAULT_ALERT_LIMITS.quietMinutes,
    backlogThreshold: entry.backlogThreshold ?? DEFAULT_ALERT_LIMITS.backlogThreshold,
  };
}

/**
 * The typed configuration of a file the checks accepted, or of the destination the environment
 * describes, with every default filled in so that no consumer applies one of its own; frozen, as
 * it is shared for the life of the process.
 */
export function buildConfig(contents: ConfigFileContents): {
  destinations: DestinationConfig[];
  alerts?: AlertsConfig;
} {
  return deepFreeze({
    destinations: contents.destinations.map(buildDestination),
    ...(contents.alerts ? { alerts: alerts(contents.alerts) } : {}),
  });
}
