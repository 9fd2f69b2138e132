import { LEAD_COLUMN_LENGTHS, type LeadTextColumn } from '@leadbridge/lead-model/mapping';
import type { ColumnFinding } from './check-report';

/**
 * Compares the org's text column lengths with the lengths Leadbridge cuts values to. A column
 * longer in the org is fine; a shorter one is not, as Dataverse rejects a value over its
 * column's length and the lead would fail instead of being written.
 */
export function compareColumns(
  orgLengths: ReadonlyMap<string, number>,
  cutLengths: Readonly<Record<LeadTextColumn, number>> = LEAD_COLUMN_LENGTHS,
): ColumnFinding[] {
  return (Object.entries(cutLengths) as [LeadTextColumn, number][]).map(([column, cutLength]) => {
    const orgLength = orgLengths.get(column);
    if (orgLength === undefined) return { column, cutLength, status: 'missing' };
    return { column, cutLength, orgLength, status: orgLength < cutLength ? 'too-short' : 'ok' };
  });
}
