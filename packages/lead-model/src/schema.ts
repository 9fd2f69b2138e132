import Ajv from 'ajv';
import { TOP_LEVEL_FIELDS, USER_DETAIL_FIELDS } from './field-names';

/**
 * Microsoft documents every field as a string, but senders differ: a phone may arrive as a number,
 * an absent value as null. Those are accepted and turned into strings; objects and arrays are not.
 */
const scalar = { type: ['string', 'number', 'boolean', 'null'] };

const userDetailsProperties = Object.fromEntries(
  Object.values(USER_DETAIL_FIELDS).map((name) => [name, scalar]),
);
const topLevelProperties = Object.fromEntries(
  Object.values(TOP_LEVEL_FIELDS)
    .filter((name) => name !== 'UserDetails')
    .map((name) => [name, scalar]),
);

/**
 * JSON schema of a marketplace lead, applied after keys are put in Microsoft's casing.
 * Nothing is required: Microsoft withholds personal data for some customers.
 */
export const marketplaceLeadSchema = {
  $id: 'https://leadbridge.dev/schemas/marketplace-lead.json',
  type: 'object',
  properties: {
    ...topLevelProperties,
    UserDetails: {
      type: ['object', 'null'],
      properties: userDetailsProperties,
      additionalProperties: true,
    },
  },
  additionalProperties: true,
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

/** Compiled once: validating is on the ingest hot path. */
export const validateMarketplaceLead = ajv.compile(marketplaceLeadSchema);
