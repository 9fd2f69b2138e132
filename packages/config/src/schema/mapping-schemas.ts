import type { ColumnValueSpec, MappingSpec } from '@leadbridge/lead-model/mapping';
import { Type } from '@sinclair/typebox';

// A column value is one of several JSON types at once, which TypeBox's builders do not write
// as one schema: these are written as JSON Schema and typed as the mapping compiler's own spec,
// which reads them.

const leadField = (description: string) =>
  Type.String({ title: 'Lead field', description, minLength: 1 });

export const Choice = Type.Unsafe<Extract<ColumnValueSpec, { choice: unknown }>['choice']>({
  title: 'Choice',
  description:
    "A choice (option set) column: its value as a number, or {field, values, default} to translate a lead field's text into choice values.",
  type: ['integer', 'object'],
  additionalProperties: false,
  required: ['field', 'values'],
  properties: {
    field: leadField('The lead field whose value selects the choice, e.g. ActionCode.'),
    values: {
      title: 'Choice values',
      description: 'Choice value for each value of the field, e.g. INS: 100000000.',
      type: 'object',
      minProperties: 1,
      additionalProperties: Type.Integer({
        title: 'Choice value',
        description: "The choice's number in Dataverse.",
      }),
    },
    default: Type.Integer({
      title: 'Default choice value',
      description:
        "Choice value when the field's value is missing or not listed; without it the column is left out.",
    }),
  },
});

export const ColumnValue = Type.Unsafe<ColumnValueSpec>({
  title: 'Column value',
  description:
    'A lead field name (UserDetails.Email), or a template if it contains { ("{OfferTitle} – {ActionName}"); a number or true/false as a constant; null to leave the column out; or one of {field}, {template}, {const}, {choice}, {lookup, id}.',
  type: ['string', 'number', 'boolean', 'null', 'object'],
  additionalProperties: false,
  properties: {
    field: leadField("The column takes this lead field's value, e.g. UserDetails.Company."),
    template: Type.String({
      title: 'Template',
      description:
        'Text with lead fields in braces, e.g. "{OfferTitle} ({ActionCode})". Write {{ and }} for literal braces.',
    }),
    const: {
      title: 'Constant',
      description: 'The same value for every lead, e.g. Marketplace.',
      type: ['string', 'number', 'boolean'],
    },
    choice: { $ref: '#/definitions/choice' },
    lookup: Type.String({
      title: 'Lookup entity set',
      description: 'Entity set of the record to link to, e.g. campaigns.',
      minLength: 1,
    }),
    id: Type.String({
      title: 'Lookup record ID',
      description: 'GUID of the record to link to.',
      minLength: 1,
    }),
    navigationProperty: Type.String({
      title: 'Lookup navigation property',
      description:
        "The name the lookup is bound by, when not the column's own: a custom lookup's schema name, e.g. new_CustomerId (written as new_CustomerId@odata.bind).",
      minLength: 1,
    }),
  },
  dependencies: { lookup: ['id'], id: ['lookup'], navigationProperty: ['lookup'] },
  if: { type: 'object' },
  then: {
    oneOf: ['field', 'template', 'const', 'choice', 'lookup'].map((key) => ({
      properties: { [key]: true },
      required: [key],
    })),
  },
});

export const Mapping = Type.Unsafe<MappingSpec>({
  title: 'Column mapping',
  description:
    'Lead columns to fill, by logical name, on top of the default mapping: a lead field (UserDetails.Email), a template ("{OfferTitle} – {ActionName}"), a constant, a choice or a lookup. null leaves a default column out.',
  type: 'object',
  additionalProperties: { $ref: '#/definitions/columnValue' },
});
