import type { ColumnKind } from '@leadbridge/lead-model/mapping';
import type { LeadAttribute } from '../org-setup-reads';

/** The AttributeTypes that take each kind of value; Customer and Owner columns are lookups too. */
export const ACCEPTED_TYPES: Readonly<Record<ColumnKind, readonly string[]>> = {
  text: ['String', 'Memo'],
  choice: ['Picklist', 'State', 'Status'],
  boolean: ['Boolean'],
  number: ['Integer', 'BigInt', 'Decimal', 'Double', 'Money'],
  lookup: ['Lookup', 'Customer', 'Owner'],
};

/** What a mapping sends, in words. */
export const KIND_WORDS: Readonly<Record<ColumnKind, string>> = {
  text: 'text',
  choice: 'a choice value',
  boolean: 'a yes/no value',
  number: 'a number',
  lookup: 'a reference to another record',
};

/** How to give a column of a kind its value, in the mapping's own terms. */
export const KIND_REMEDY: Readonly<Record<ColumnKind, string>> = {
  text: 'a field, a template or a text constant',
  choice: 'a choice value ({ choice: n })',
  boolean: 'true or false',
  number: 'a number',
  lookup: 'a lookup ({ lookup: "<entity set>", id })',
};

/** The kind of value a column of this AttributeType takes; undefined when Leadbridge writes none. */
export function kindOfType(type: string): ColumnKind | undefined {
  return (Object.keys(ACCEPTED_TYPES) as ColumnKind[]).find((kind) =>
    ACCEPTED_TYPES[kind].includes(type),
  );
}

/** The org's column in a few words: 'a String column of 100 characters', 'a Picklist (choice) column'. */
export function describeAttribute(attribute: LeadAttribute): string {
  const { type, maxLength } = attribute;
  const article = /^[AEIOU]/.test(type) ? 'an' : 'a';
  if (maxLength !== undefined) return `${article} ${type} column of ${maxLength} characters`;
  const kind = kindOfType(type);
  const words = kind === 'boolean' ? 'yes/no' : kind === 'lookup' ? undefined : kind;
  return `${article} ${type}${words ? ` (${words})` : ''} column`;
}
