import type { LeadFieldValues } from '../lead-fields';
import type { ColumnKind, CompiledColumn, MappingInput, MappingProblem } from './mapping-spec';

export type ColumnOutput = string | number | boolean;

/** What a column's value is computed from. */
export interface PlanInput {
  readonly job: MappingInput;
  readonly values: LeadFieldValues;
  /** "<label> (in full): <value>" for each value cut so far; the description carries them. */
  readonly overflow: readonly string[];
}

/** How one column is filled: its description for people, and the function that fills it. */
export interface ColumnPlan {
  readonly info: CompiledColumn;
  /** Names the column's value when it is kept in full in the description. */
  readonly label: string;
  /** The column's value for one lead; undefined leaves the column out. */
  readonly value: (input: PlanInput) => ColumnOutput | undefined;
}

/** A column's plan, or what is wrong with its value (paths relative to the value). */
export interface ColumnValueResult {
  plan?: ColumnPlan;
  problems: MappingProblem[];
}

export function problem(path: readonly (string | number)[], message: string): ColumnValueResult {
  return { problems: [{ path, message }] };
}

/** A plan with no problems; `label` defaults to the column's name. */
export function planned(
  column: string,
  kind: ColumnKind,
  source: string,
  value: ColumnPlan['value'],
  extra: Partial<CompiledColumn> & { label?: string } = {},
): ColumnValueResult {
  const { label = column, ...info } = extra;
  return { plan: { info: { column, kind, source, ...info }, label, value }, problems: [] };
}
