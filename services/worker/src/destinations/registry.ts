import type { DestinationConfig } from '@leadbridge/config';
import type { Destination } from '../delivery/destination';
import type { DestinationDeps } from '../delivery/destination-deps';
import { chatFromConfig } from './chat/chat-from-config';
import { dataverseFromConfig } from './dataverse/dataverse-from-config';
import { emailFromConfig } from './email/email-from-config';

/** What the worker needs to know about one kind of destination, beyond its `Destination`. */
export interface DestinationType<C extends DestinationConfig = DestinationConfig> {
  /** The destination a configuration file's entry describes, its secrets read from the environment. */
  fromConfig(config: C, deps: DestinationDeps): Destination;
  /**
   * Whether /readyz waits for it: true when none of its leads can move until it answers, false
   * when it being down only delays them.
   */
  readonly gatesReadiness: boolean;
}

type Registry = {
  readonly [T in DestinationConfig['type']]: DestinationType<
    Extract<DestinationConfig, { type: T }>
  >;
};

/**
 * Every kind of destination, keyed by the `type` the configuration file gives it: the one place
 * that lists them. A new kind is its folder under destinations/ and one line here.
 */
export const DESTINATION_TYPES: Registry = Object.freeze({
  dataverse: { fromConfig: dataverseFromConfig, gatesReadiness: true },
  email: { fromConfig: emailFromConfig, gatesReadiness: false },
  chat: { fromConfig: chatFromConfig, gatesReadiness: false },
});

/** The registry's entry for a configuration entry's `type`. */
function destinationType<C extends DestinationConfig>(config: C): DestinationType<C> {
  // TypeScript cannot tie the entry picked by `config.type` to `config`'s own type; the mapped
  // `Registry` type above makes each entry take exactly the configuration of its key.
  return DESTINATION_TYPES[config.type] as DestinationType<C>;
}

/**
 * The destinations the settings describe (the configuration file's, or the one the environment
 * describes), with their secrets read from the environment.
 */
export function buildDestinations(
  destinations: readonly DestinationConfig[],
  deps: DestinationDeps,
): Destination[] {
  return destinations.map((config) => destinationType(config).fromConfig(config, deps));
}
