import { didYouMean } from '../util/closest-name';
import { LEAD_FIELDS, leadFieldValue, resolveLeadField, type LeadFieldValue } from '../lead-fields';
import { planned, problem, type ColumnValueResult } from './column-plan';
import type { MappingProblem } from './mapping-spec';

// Choice values are whole numbers (Dataverse option sets hold 32-bit integers).
function isChoiceNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

const WHOLE_NUMBER = 'must be a whole number (the choice value)';

/** `{ choice: 8 }`, or a bare number on a choice column. */
export function choiceValue(column: string, value: unknown, path: string[]): ColumnValueResult {
  if (!isChoiceNumber(value)) {
    return problem(
      path,
      typeof value === 'number'
        ? `${WHOLE_NUMBER}, not ${value}`
        : `${WHOLE_NUMBER} or { field, values, default }`,
    );
  }
  return planned(column, 'choice', `choice ${value}`, () => value, { choiceValues: [value] });
}

/**
 * The keys a field's value may be listed under: its text, and for a boolean both spellings a
 * person might write ("yes"/"true", "no"/"false").
 */
function keysFor(value: LeadFieldValue): string[] {
  if (typeof value === 'boolean') return value ? ['yes', 'true'] : ['no', 'false'];
  return value === undefined ? [] : [value.trim().toLowerCase()];
}

/** `{ choice: { field, values, default } }`: a choice picked by a field's value. */
export function choiceMapValue(column: string, spec: Record<string, unknown>): ColumnValueResult {
  const problems: MappingProblem[] = [];
  const unexpected = Object.keys(spec).filter(
    (key) => !['field', 'values', 'default'].includes(key),
  );
  if (unexpected.length > 0) {
    problems.push({
      path: ['choice'],
      message: `must be { field, values, default? }; ${unexpected.map((key) => JSON.stringify(key)).join(', ')} is not one of them`,
    });
  }

  const field = typeof spec.field === 'string' ? resolveLeadField(spec.field) : undefined;
  if (field === undefined) {
    problems.push({
      path: ['choice', 'field'],
      message:
        typeof spec.field === 'string'
          ? `${JSON.stringify(spec.field)} is not a lead field${didYouMean(spec.field, LEAD_FIELDS)}`
          : 'must be the name of a lead field',
    });
  }

  const values = new Map<string, number>();
  const written: string[] = [];
  const listed = spec.values;
  if (typeof listed !== 'object' || listed === null || Array.isArray(listed)) {
    problems.push({
      path: ['choice', 'values'],
      message: 'must map field values to choice values',
    });
  } else {
    for (const [key, value] of Object.entries(listed)) {
      if (!isChoiceNumber(value)) {
        problems.push({ path: ['choice', 'values', key], message: WHOLE_NUMBER });
      } else {
        const lower = key.trim().toLowerCase();
        // A key listed twice in different letter cases: the first one written wins.
        if (!values.has(lower)) values.set(lower, value);
        written.push(`${key} → ${value}`);
      }
    }
  }
  const fallback = spec.default;
  if (fallback !== undefined && !isChoiceNumber(fallback)) {
    problems.push({ path: ['choice', 'default'], message: WHOLE_NUMBER });
  }
  if (problems.length > 0 || field === undefined) return { problems };

  const choices = [
    ...new Set([...values.values(), ...(isChoiceNumber(fallback) ? [fallback] : [])]),
  ];
  const listing = written.join(', ');
  const otherwise = isChoiceNumber(fallback) ? `; otherwise ${fallback}` : '';
  return planned(
    column,
    'choice',
    `choice by ${field} (${listing}${otherwise})`,
    ({ values: fields }) => {
      const key = keysFor(leadFieldValue(fields, field)).find((candidate) => values.has(candidate));
      return key === undefined
        ? isChoiceNumber(fallback)
          ? fallback
          : undefined
        : values.get(key);
    },
    { choiceValues: choices },
  );
}
