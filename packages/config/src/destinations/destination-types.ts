import type { Static } from '@sinclair/typebox';
import { buildChat } from './chat/build-chat';
import { checkChat } from './chat/check-chat';
import { ChatDestination } from './chat/chat-schema';
import { buildDataverse } from './dataverse/build-dataverse';
import { checkDataverse } from './dataverse/check-dataverse';
import { DataverseDestination } from './dataverse/dataverse-schema';
import type { DestinationType } from './destination-type';
import { buildEmail } from './email/build-email';
import { checkEmail } from './email/check-email';
import { EmailDestination } from './email/email-schema';

/** Checks that each entry builds a configuration whose `type` is its key. */
function typesByName<const M extends { readonly [T in keyof M & string]: DestinationType<T> }>(
  types: M,
): Readonly<M> {
  return Object.freeze(types);
}

/**
 * Every kind of destination the file may name, keyed by its `type`: the one place that lists
 * them. The schema's choice of shape, its definitions, the configuration's types and the build
 * are drawn from it, so a new kind is its folder beside these and one line here.
 */
export const DESTINATION_TYPES = typesByName({
  dataverse: { schema: DataverseDestination, build: buildDataverse, check: checkDataverse },
  email: { schema: EmailDestination, build: buildEmail, check: checkEmail },
  chat: { schema: ChatDestination, build: buildChat, check: checkChat },
});

type Types = typeof DESTINATION_TYPES;

/** A destination's `type`. */
export type DestinationTypeName = keyof Types;

/** The `type`s in the order they are listed. */
export const DESTINATION_TYPE_NAMES = Object.keys(DESTINATION_TYPES) as DestinationTypeName[];

/** A destination entry of the file as written, told apart by `type`. */
export type DestinationEntry = Static<Types[DestinationTypeName]['schema']>;

/** A destination entry with every default filled in, told apart by `type`. */
export type BuiltDestination = ReturnType<Types[DestinationTypeName]['build']>;

/** The configuration of one entry the schema accepted, built by its own type. */
export function buildDestination(entry: DestinationEntry): BuiltDestination {
  // TypeScript cannot tie the entry picked by `entry.type` to `entry`'s own type; each entry's
  // schema only lets through entries of its own `type`.
  const build = DESTINATION_TYPES[entry.type].build as (
    entry: DestinationEntry,
  ) => BuiltDestination;
  return build(entry);
}
