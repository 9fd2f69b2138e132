import type { ErrorObject } from 'ajv';
import { didYouMean, isRecord } from '@leadbridge/lead-model';
import type { PathProblem } from './config-path';

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  if (typeof value === 'object') return 'a map';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

function orList(items: readonly string[], last = 'or'): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty (null)',
  object: 'a map of keys and values',
  array: 'a list',
};

/** What a pattern means, by the property or definition it belongs to. */
const PATTERN_MEANINGS: Readonly<Record<string, (value: string) => string>> = {
  envName: (value) => {
    const suggested = value
      .toUpperCase()
      .replace(/[^A-Z0-9_]/g, '_')
      .replace(/^(\d)/, '_$1');
    return `${show(value)} is not an environment variable name: use capital letters, digits and _ (e.g. ${suggested})`;
  },
  destinationName: (value) =>
    `${show(value)} is not a valid name: use lower-case letters, digits and -, starting with a letter, at most 40 characters`,
  emailAddress: (value) =>
    `${show(value)} is not an e-mail address: write name@example.com or "Name <name@example.com>"`,
  url: (value) =>
    `${show(value)} must be an https:// address with no path, e.g. https://contoso.crm.dynamics.com`,
  authorityHost: (value) =>
    `${show(value)} must be an https:// address with no path, e.g. https://login.microsoftonline.us`,
  tenantId: (value) =>
    `${show(value)} is not a tenant ID: a GUID, or the tenant's domain such as contoso.onmicrosoft.com`,
  // The keys of columnLengths.
  propertyNames: (value) =>
    `${show(value)} is not a Dataverse column's logical name: lower-case letters, digits and _, starting with a letter`,
  clientId: (value) =>
    `${show(value)} is not a client ID: a GUID such as 00000000-0000-0000-0000-000000000000`,
};

/** The keys of a `oneOf` whose branches each only require one key, e.g. secret or certificate. */
export function exclusiveKeys(branches: unknown): string[] | undefined {
  if (!Array.isArray(branches)) return undefined;
  const keys = branches.map((branch: unknown) =>
    isRecord(branch) && Array.isArray(branch.required) && branch.required.length === 1
      ? String(branch.required[0])
      : undefined,
  );
  return keys.every((key): key is string => key !== undefined) ? keys : undefined;
}

/** One ajv error in the words of a person configuring Leadbridge, placed where it belongs. */
export function describeSchemaError(error: ErrorObject, path: (string | number)[]): PathProblem {
  const { params, data } = error;
  switch (error.keyword) {
    case 'required':
      return { path, message: `missing required key "${params.missingProperty}"` };
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const properties: unknown = isRecord(error.parentSchema)
        ? error.parentSchema.properties
        : undefined;
      const allowed = isRecord(properties) ? Object.keys(properties) : [];
      const hint = allowed.includes(`${key}Env`)
        ? `: secrets never go in this file; put the value in an environment variable and give its name as ${key}Env`
        : didYouMean(key, allowed);
      return { path: [...path, key], message: `unknown key "${key}"${hint}` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof data === 'string' ? didYouMean(data, allowed) : '';
      return { path, message: `${show(data)} is not allowed: use ${orList(allowed)}${hint}` };
    }
    case 'const':
      return { path, message: `must be ${show(params.allowedValue)}` };
    case 'type': {
      const expected = ([] as string[]).concat(params.type as string | string[]);
      const quote =
        expected.includes('string') && (typeof data === 'number' || typeof data === 'boolean')
          ? `; put it in quotes: "${String(data)}"`
          : '';
      const names = expected.map((type) => TYPE_NAMES[type] ?? type);
      return { path, message: `must be ${orList(names)}, not ${show(data)}${quote}` };
    }
    case 'pattern': {
      const owner = /(\w+)\/pattern$/.exec(error.schemaPath)?.[1] ?? '';
      const meaning = PATTERN_MEANINGS[owner];
      return {
        path,
        message: meaning ? meaning(String(data)) : `${show(data)} does not match ${params.pattern}`,
      };
    }
    case 'minimum':
    case 'maximum':
      return {
        path,
        message: `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${params.limit}, not ${show(data)}`,
      };
    case 'minItems':
      return {
        path,
        message:
          params.limit === 1 ? 'must list at least one' : `must list at least ${params.limit}`,
      };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'minProperties':
      return { path, message: 'must name at least one' };
    case 'dependencies':
      return {
        path,
        message: `"${params.property}" needs "${params.missingProperty}" next to it`,
      };
    case 'oneOf': {
      const keys = exclusiveKeys(error.schema);
      if (!keys) break;
      const passing = params.passingSchemas as number[] | null;
      const quoted = keys.map((key) => `"${key}"`);
      if (passing === null) return { path, message: `needs one of ${orList(quoted)}` };
      const present = passing.map((index) => quoted[index] ?? '');
      const message =
        present.length === 2 && keys.length === 2
          ? `has both ${orList(present, 'and')}: give only one`
          : `has ${orList(present, 'and')}: give only one of ${orList(quoted)}`;
      return { path, message };
    }
  }
  return { path, message: error.message ?? `fails the schema's "${error.keyword}" rule` };
}
