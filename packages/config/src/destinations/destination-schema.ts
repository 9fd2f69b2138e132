import { Type, type TObject } from '@sinclair/typebox';
import { oneOfWords } from '../schema/schema-helpers';
import { name } from './destination-fields';
import {
  DESTINATION_TYPE_NAMES,
  DESTINATION_TYPES,
  type DestinationEntry,
  type DestinationTypeName,
} from './destination-types';

/** Where a type's own shape is found among the schema's definitions. */
const definitionName = (type: DestinationTypeName) => `${type}Destination`;

/** Each type's shape, to go into the schema's definitions under the name its `$ref` uses. */
export const DESTINATION_DEFINITIONS: Readonly<Record<string, TObject>> = Object.fromEntries(
  DESTINATION_TYPE_NAMES.map((type) => [definitionName(type), DESTINATION_TYPES[type].schema]),
);

/** "`dataverse` writes a lead record …; `email` sends …", from each type's own description. */
function whatEachTypeDoes(): string {
  return DESTINATION_TYPE_NAMES.map((type) => {
    const { description } = DESTINATION_TYPES[type].schema.properties.type as {
      description: string;
    };
    return `\`${type}\` ${description.charAt(0).toLowerCase()}${description.slice(1, -1)}`;
  })
    .join('; ')
    .concat('.');
}

/**
 * Chooses the shape by `type` with if/then rather than a union, so a mistake is reported against
 * the one shape the destination meant and not against every shape it is not.
 */
export const Destination = Type.Unsafe<DestinationEntry>({
  title: 'Destination',
  description: `One of: ${DESTINATION_TYPE_NAMES.map((type) => `${DESTINATION_TYPES[type].schema.title ?? type} (\`type: ${type}\`)`).join(', ')}.`,
  $comment: 'Only chooses the shape by `type`; each shape forbids keys it does not know.',
  type: 'object',
  required: ['name', 'type'],
  properties: {
    name,
    type: oneOfWords(DESTINATION_TYPE_NAMES, { title: 'Type', description: whatEachTypeDoes() }),
  },
  allOf: DESTINATION_TYPE_NAMES.map((type) => ({
    if: { properties: { type: { const: type } } },
    then: { $ref: `#/definitions/${definitionName(type)}` },
  })),
});
