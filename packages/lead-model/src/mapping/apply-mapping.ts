import type { DataverseLeadColumns } from './dataverse-columns';
import { leadFieldValues } from '../lead-fields';
import type { ColumnPlan } from './column-plan';
import type { MappingInput } from './mapping-spec';

const ELLIPSIS = '…';

/** The text cut to `max` characters, its end marked with an ellipsis. */
export function cutText(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max - ELLIPSIS.length) + ELLIPSIS;
}

/**
 * Fills the columns of one record. Text too long for its column is cut and kept in full in the
 * description, which is therefore filled last.
 */
export function applyPlans(
  plans: readonly ColumnPlan[],
  job: MappingInput,
): { columns: DataverseLeadColumns; truncated: string[] } {
  const values = leadFieldValues(job);
  const columns: DataverseLeadColumns = {};
  const truncated: string[] = [];
  const overflow: string[] = [];
  const input = { job, values, overflow };

  const description = plans.find((plan) => plan.info.column === 'description');
  for (const plan of plans) {
    if (plan === description) continue;
    const { column, kind, maxLength, navigationProperty } = plan.info;
    const value = plan.value(input);
    if (value === undefined) continue;
    if (kind === 'lookup') {
      columns[`${navigationProperty ?? column}@odata.bind`] = value;
    } else if (typeof value === 'string' && maxLength !== undefined && value.length > maxLength) {
      columns[column] = cutText(value, maxLength);
      truncated.push(column);
      overflow.push(`${plan.label} (in full): ${value}`);
    } else {
      columns[column] = value;
    }
  }

  const text = description?.value(input);
  if (description && text !== undefined) {
    const max = description.info.maxLength;
    columns.description = typeof text === 'string' && max !== undefined ? cutText(text, max) : text;
  }
  return { columns, truncated };
}
