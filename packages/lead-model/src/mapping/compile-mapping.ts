import { LEAD_COLUMN_LENGTHS } from './dataverse-columns';
import { isRecord } from '../util/is-record';
import { applyPlans } from './apply-mapping';
import type { ColumnPlan } from './column-plan';
import { BARE_NUMBER_CHOICE_COLUMNS, compileColumnValue } from './column-value';
import { joinSections } from './default-description';
import { defaultPlans, withLength } from './default-mapping';
import type {
  CompileMappingOptions,
  CompiledMapping,
  MappingProblem,
  MappingSpec,
} from './mapping-spec';

// Dataverse logical names; custom columns carry a publisher prefix ("new_offertitle").
const COLUMN_NAME = /^[a-z][a-z0-9_]*$/;

/** Columns Leadbridge itself sets, which a mapping must not. */
const RESERVED_COLUMNS: Readonly<Record<string, string>> = {
  leadid: 'leadid is the record id, which Leadbridge derives from the lead so it is written once',
};

function mergedLengths(extra: Readonly<Record<string, number>> = {}): Record<string, number> {
  const lengths: Record<string, number> = { ...LEAD_COLUMN_LENGTHS };
  for (const [column, length] of Object.entries(extra)) {
    if (Number.isSafeInteger(length) && length > 0) lengths[column] = length;
  }
  return lengths;
}

function columnNameProblems(column: string): MappingProblem[] {
  if (!COLUMN_NAME.test(column)) {
    const lower = column.toLowerCase();
    const hint = COLUMN_NAME.test(lower) ? ` (the logical name is "${lower}")` : '';
    return [
      {
        path: [column],
        message: `${JSON.stringify(column)} is not a Dataverse column's logical name${hint}: lower-case letters, digits and _, starting with a letter, e.g. "subject" or "new_offertitle"`,
      },
    ];
  }
  const reserved = RESERVED_COLUMNS[column];
  return reserved ? [{ path: [column], message: reserved }] : [];
}

/** A value Dataverse would refuse for the column's type, where the type is known here. */
function kindProblems(
  plan: ColumnPlan,
  lengths: Readonly<Record<string, number>>,
): MappingProblem[] {
  const { column, kind } = plan.info;
  const max = lengths[column];
  if (max !== undefined && kind !== 'text') {
    return [
      {
        path: [column],
        message: `${column} is a text column (up to ${max} characters); give it a field, a template or a text { const }`,
      },
    ];
  }
  if (BARE_NUMBER_CHOICE_COLUMNS.has(column) && kind !== 'choice') {
    return [
      {
        path: [column],
        message: `${column} is a choice column; give it a choice value (e.g. 8) or a { choice }`,
      },
    ];
  }
  return [];
}

/**
 * A mapped description still receives the values cut from other columns, before its own text, so
 * that when the whole is too long for the column it is the mapping's text that is cut.
 */
function afterOverflow(plan: ColumnPlan): ColumnPlan {
  return {
    ...plan,
    value: (input) => {
      const own = plan.value(input);
      const text = joinSections([...input.overflow, typeof own === 'string' ? own : undefined]);
      return text || undefined;
    },
  };
}

/**
 * Compiles a mapping that extends the default one: a column named in `spec` replaces the default
 * column, `null` removes it, other columns are added. Every problem is returned, none thrown; a
 * column with a problem keeps its default (or is absent), so a mapping with problems should not
 * be used.
 */
export function compileMapping(
  spec?: MappingSpec,
  options: CompileMappingOptions = {},
): { mapping: CompiledMapping; problems: MappingProblem[] } {
  const lengths = mergedLengths(options.columnLengths);
  const plans = new Map(defaultPlans(lengths).map((plan) => [plan.info.column, plan]));
  const problems: MappingProblem[] = [];

  // Typed, but read from a configuration file: anything may arrive.
  const given: unknown = spec;
  if (given !== undefined && given !== null && !isRecord(given)) {
    problems.push({ path: [], message: 'must be an object of column names and their values' });
  }
  for (const [column, value] of Object.entries(isRecord(given) ? given : {})) {
    const columnProblems = columnNameProblems(column);
    const result = value === null ? { problems: [] } : compileColumnValue(column, value);
    columnProblems.push(
      ...result.problems.map(({ path, message }) => ({ path: [column, ...path], message })),
    );
    if (result.plan) columnProblems.push(...kindProblems(result.plan, lengths));
    problems.push(...columnProblems);
    if (columnProblems.length > 0) continue;

    if (!result.plan) {
      plans.delete(column);
    } else {
      const plan = withLength(result.plan, lengths[column]);
      plans.set(column, column === 'description' ? afterOverflow(plan) : plan);
    }
  }

  const list = [...plans.values()];
  const mapping: CompiledMapping = {
    columns: Object.freeze(list.map((plan) => Object.freeze(plan.info))),
    map: (job) => applyPlans(list, job),
  };
  return { mapping: Object.freeze(mapping), problems };
}
