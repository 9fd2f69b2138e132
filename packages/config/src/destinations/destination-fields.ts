import { Type } from '@sinclair/typebox';
import { DestinationName, Match } from '../schema/common-schemas';
import { ref } from '../schema/schema-helpers';

// The keys every destination type has, and the text field they all write the same way.

/** The destination's unique name. */
export const name = ref('destinationName', DestinationName);

/** Which leads it takes; every lead when left out. */
export const match = Type.Optional(ref('match', Match));

/** A string that is not empty. */
export const text = (title: string, description: string) =>
  Type.String({ title, description, minLength: 1 });
