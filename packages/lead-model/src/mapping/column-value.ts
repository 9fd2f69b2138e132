import { didYouMean } from '../util/closest-name';
import { isRecord } from '../util/is-record';
import {
  LEAD_FIELDS,
  isBooleanLeadField,
  leadFieldText,
  leadFieldValue,
  resolveLeadField,
} from '../lead-fields';
import { parseTemplate, renderTemplate } from '../template';
import { choiceMapValue, choiceValue } from './choice-value';
import { planned, problem, type ColumnOutput, type ColumnValueResult } from './column-plan';
import type { MappingProblem } from './mapping-spec';

/** The choice columns of the standard lead on which a bare number means a choice value. */
export const BARE_NUMBER_CHOICE_COLUMNS: ReadonlySet<string> = new Set(['leadsourcecode']);

const ACCEPTED_SHAPES =
  'a field name, a template, a number, true or false, null, ' +
  'or one of { field }, { template }, { const }, { choice }, { lookup, id }';

// Dataverse ids are GUIDs; an entity set name is a plain identifier ("campaigns", "new_regions").
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTITY_SET = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Text trimmed, and nothing for text that is blank. */
function trimmed(text: string | undefined): string | undefined {
  const value = text?.trim();
  return value ? value : undefined;
}

/**
 * A column filled from one field, spelled as LEAD_FIELDS spells it. A cut value is named in the
 * description by the field without its "UserDetails." prefix ("Company (in full): …"), as it
 * always has been.
 */
export function fieldValue(column: string, field: string): ColumnValueResult {
  if (isBooleanLeadField(field)) {
    return planned(column, 'boolean', `field ${field}`, ({ values }) => {
      const value = leadFieldValue(values, field);
      return typeof value === 'boolean' ? value : undefined;
    });
  }
  const label = field.startsWith('UserDetails.') ? field.slice('UserDetails.'.length) : field;
  return planned(
    column,
    'text',
    `field ${field}`,
    ({ values }) => trimmed(leadFieldText(leadFieldValue(values, field))),
    { label },
  );
}

function unknownField(name: string): string {
  return `${JSON.stringify(name)} is not a lead field${didYouMean(name, LEAD_FIELDS)}`;
}

function namedField(column: string, name: unknown, path: string[]): ColumnValueResult {
  if (typeof name !== 'string') return problem(path, 'must be the name of a lead field');
  const field = resolveLeadField(name);
  return field === undefined ? problem(path, unknownField(name)) : fieldValue(column, field);
}

function templateValue(column: string, source: unknown, path: string[]): ColumnValueResult {
  if (typeof source !== 'string') return problem(path, 'must be a template text');
  const parsed = parseTemplate(source);
  if (!parsed.ok) {
    return { problems: parsed.problems.map((text) => ({ path, message: `template: ${text}` })) };
  }
  const { template } = parsed;
  return planned(column, 'text', `template ${JSON.stringify(source)}`, ({ values }) =>
    trimmed(renderTemplate(template, values)),
  );
}

function constValue(column: string, value: unknown, path: string[]): ColumnValueResult {
  if (typeof value === 'string') {
    const text = trimmed(value);
    return planned(column, 'text', `constant ${JSON.stringify(value)}`, () => text);
  }
  if (typeof value === 'boolean') {
    return planned(column, 'boolean', `constant ${value}`, () => value);
  }
  if (typeof value === 'number') {
    if (BARE_NUMBER_CHOICE_COLUMNS.has(column)) return choiceValue(column, value, path);
    if (!Number.isFinite(value)) return problem(path, 'must be a finite number');
    return planned(column, 'number', `constant ${value}`, () => value);
  }
  return problem(path, 'must be a text, a number, or true or false');
}

// A navigation property: a schema name, so letters of either case, digits and underscores.
const NAVIGATION_PROPERTY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function lookupValue(
  column: string,
  entitySet: unknown,
  id: unknown,
  navigationProperty?: unknown,
): ColumnValueResult {
  const problems: MappingProblem[] = [];
  if (
    navigationProperty !== undefined &&
    (typeof navigationProperty !== 'string' || !NAVIGATION_PROPERTY.test(navigationProperty))
  ) {
    problems.push({
      path: ['navigationProperty'],
      message: "must be the lookup's navigation property (its schema name), e.g. new_CustomerId",
    });
  }
  if (typeof entitySet !== 'string' || !ENTITY_SET.test(entitySet)) {
    problems.push({ path: ['lookup'], message: 'must be an entity set name, e.g. "campaigns"' });
  }
  if (typeof id !== 'string' || !GUID.test(id)) {
    problems.push({
      path: ['id'],
      message: `${JSON.stringify(id)} is not a GUID (like "00000000-0000-0000-0000-000000000000")`,
    });
  }
  if (problems.length > 0) return { problems };
  const bind: ColumnOutput = `/${String(entitySet)}(${String(id)})`;
  return planned(column, 'lookup', `lookup ${bind.slice(1)}`, () => bind, {
    lookupEntitySet: String(entitySet),
    ...(typeof navigationProperty === 'string' ? { navigationProperty } : {}),
  });
}

const OBJECT_SHAPES: ReadonlyArray<readonly string[]> = [
  ['field'],
  ['template'],
  ['const'],
  ['choice'],
  ['id', 'lookup'],
  ['id', 'lookup', 'navigationProperty'],
];

/** Compiles what one column receives; never throws, whatever the value. */
export function compileColumnValue(column: string, spec: unknown): ColumnValueResult {
  if (typeof spec === 'string') {
    if (spec.includes('{')) return templateValue(column, spec, []);
    if (resolveLeadField(spec) !== undefined) return namedField(column, spec, []);
    return problem(
      [],
      `${unknownField(spec)}; for a fixed text write { const: ${JSON.stringify(spec)} }`,
    );
  }
  if (typeof spec === 'number' || typeof spec === 'boolean') return constValue(column, spec, []);
  if (isRecord(spec)) {
    const keys = Object.keys(spec).sort().join(',');
    const shape = OBJECT_SHAPES.find((candidate) => candidate.join(',') === keys);
    if (shape?.[0] === 'field') return namedField(column, spec.field, ['field']);
    if (shape?.[0] === 'template') return templateValue(column, spec.template, ['template']);
    if (shape?.[0] === 'const') return constValue(column, spec.const, ['const']);
    if (shape?.[0] === 'choice') {
      return isRecord(spec.choice)
        ? choiceMapValue(column, spec.choice)
        : choiceValue(column, spec.choice, ['choice']);
    }
    if (shape?.[0] === 'id') {
      return lookupValue(column, spec.lookup, spec.id, spec.navigationProperty);
    }
  }
  return problem([], `must be ${ACCEPTED_SHAPES}`);
}
