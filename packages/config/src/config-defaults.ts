// Imports nothing: the schema quotes these defaults, and the configuration's types come from the
// schema, so their types are the literal values' own; filling a destination with them (build-config)
// checks that they fit.

/** The one Dataverse destination described by environment variables when there is no file. */
export const DEFAULT_DESTINATION_NAME = 'dynamics';

/** Freezes the value and everything in it: configuration is shared for the life of the process. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * What a Dataverse destination does with test leads, do-not-contact leads and repeat customers
 * when it does not say: the one place these defaults are written, for the file and the
 * environment alike.
 */
export const DEFAULT_DATAVERSE_POLICIES = deepFreeze({
  testLeads: 'write',
  doNotContact: { action: 'flag', columns: ['donotemail', 'donotphone'] },
  repeatCustomers: { action: 'new-lead' },
} as const);

/** What an `alerts` section leaves out. */
export const DEFAULT_ALERT_LIMITS: {
  readonly quietMinutes: number;
  readonly backlogThreshold: number;
} = deepFreeze({ quietMinutes: 15, backlogThreshold: 1000 });
