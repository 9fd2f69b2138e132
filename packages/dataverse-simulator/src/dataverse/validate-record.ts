import { isGuid } from '../shared/guid';
import {
  DataverseError,
  ErrorCodes,
  optionOutOfRangeError,
  payloadError,
  unknownPropertyError,
} from './dataverse-error';
import type { ColumnDefinition, LeadTable } from './lead-table';

/** A write the simulator accepted: the column values to store (null clears) and any key sent. */
export interface ValidatedWrite {
  values: Map<string, unknown>;
  leadid?: string;
}

const BIND_SUFFIX = '@odata.bind';
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

function literal(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function conversionError(table: LeadTable, value: unknown, edmType: string): DataverseError {
  return payloadError(
    table.entitySet,
    `Cannot convert the literal '${literal(value)}' to the expected type '${edmType}'.`,
  );
}

function checkValue(table: LeadTable, column: ColumnDefinition, value: unknown): unknown {
  switch (column.type) {
    case 'String':
    case 'Memo': {
      if (typeof value !== 'string') throw conversionError(table, value, 'Edm.String');
      const max = column.maxLength ?? Infinity;
      if (value.length > max) {
        // The message names the column and its limit, never the value: it may be personal data.
        throw new DataverseError(
          400,
          ErrorCodes.stringTooLong,
          `A validation error occurred. The length of the '${column.logicalName}' attribute of ` +
            `the '${table.logicalName}' entity exceeded the maximum allowed length of '${max}'.`,
        );
      }
      return value;
    }
    case 'Picklist':
    case 'State':
    case 'Status':
    case 'Integer': {
      if (
        !Number.isInteger(value) ||
        (value as number) < INT32_MIN ||
        (value as number) > INT32_MAX
      )
        throw conversionError(table, value, 'Edm.Int32');
      const accepted = column.options?.map((option) => option.value);
      if (accepted && !accepted.includes(value as number)) {
        throw optionOutOfRangeError(table, column, value);
      }
      return value;
    }
    case 'Boolean':
      if (typeof value !== 'boolean') throw conversionError(table, value, 'Edm.Boolean');
      return value;
    case 'DateTime': {
      const time = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(time)) throw conversionError(table, value, 'Edm.DateTimeOffset');
      return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'Uniqueidentifier':
      if (!isGuid(value)) throw conversionError(table, value, 'Edm.Guid');
      return value.toLowerCase();
    case 'Lookup':
      // A lookup is written through its navigation property, never as a plain value.
      throw payloadError(
        table.entitySet,
        "A 'PrimitiveValue' node with non-null value was found when trying to read the value of " +
          "a navigation property; however, a 'StartArray' node, a 'StartObject' node, or a " +
          "'PrimitiveValue' node with null value was expected.",
      );
  }
}

// `/campaigns(<guid>)`, `campaigns(<guid>)` or an absolute URL ending so.
const BIND_TARGET = /(?:^|\/)([A-Za-z_][A-Za-z0-9_]*)\(\{?([0-9a-fA-F-]{36})\}?\)$/;

function checkBind(table: LeadTable, property: string, value: unknown): [string, unknown] {
  const column = table.columns.get(property);
  if (!column || column.type !== 'Lookup' || !column.target) {
    throw new DataverseError(
      400,
      ErrorCodes.unknownProperty,
      `An undeclared property '${property}' which only has property annotations in the payload ` +
        'but no property value was found in the payload. In OData, only declared navigation ' +
        'properties and declared named streams can be represented as properties without values.',
    );
  }
  if (value === null) return [column.logicalName, null];
  const match = typeof value === 'string' ? BIND_TARGET.exec(value) : null;
  const [, entitySet, id] = match ?? [];
  if (!entitySet || !isGuid(id) || entitySet !== column.target.entitySet) {
    throw payloadError(
      table.entitySet,
      `The value '${literal(value)}' of '${property}${BIND_SUFFIX}' is not a reference to a ` +
        `record in '${column.target.entitySet}'.`,
    );
  }
  return [column.logicalName, id.toLowerCase()];
}

/**
 * Checks a create or update body the way Dataverse does, stopping at the first problem:
 * unknown columns, values of the wrong type, strings over their column's length, choices out of
 * range, malformed `@odata.bind` references. Read-only columns and instance annotations are
 * ignored, as Dataverse ignores them.
 */
export function validateRecord(table: LeadTable, body: unknown): ValidatedWrite {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw payloadError(table.entitySet, 'The request body must be a JSON object.');
  }
  const values = new Map<string, unknown>();
  let leadid: string | undefined;
  for (const [property, value] of Object.entries(body)) {
    if (property.endsWith(BIND_SUFFIX)) {
      const [name, id] = checkBind(table, property.slice(0, -BIND_SUFFIX.length), value);
      values.set(name, id);
      continue;
    }
    if (property.includes('@')) continue; // instance annotations such as @odata.type
    const column = table.columns.get(property);
    if (!column)
      throw unknownPropertyError(property, `Microsoft.Dynamics.CRM.${table.logicalName}`);
    if (column.readOnly) continue;
    if (column.logicalName === table.primaryId) {
      leadid = checkValue(table, column, value) as string;
      continue;
    }
    values.set(property, value === null ? null : checkValue(table, column, value));
  }
  return leadid === undefined ? { values } : { values, leadid };
}
