import { unsupportedQueryError } from './dataverse-error';

/** A `$orderby` on one column. */
export interface OrderBy {
  property: string;
  descending: boolean;
}

const ORDER_BY = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/;

/** Parses `$orderby=<column> [asc|desc]`; several columns are refused. */
export function parseOrderBy(text: string): OrderBy {
  const match = ORDER_BY.exec(text);
  if (!match?.[1]) {
    throw unsupportedQueryError(
      'This simulator supports $orderby on one column only, as <column> [asc|desc], e.g. ' +
        'createdon desc.',
    );
  }
  return { property: match[1], descending: match[2] === 'desc' };
}

// Nulls sort first, as in SQL Server; text ignores case, as under Dataverse's default collation.
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'string' && typeof b === 'string') {
    const [left, right] = [a.toLowerCase(), b.toLowerCase()];
    return left < right ? -1 : left > right ? 1 : 0;
  }
  return Number(a) - Number(b);
}

/**
 * Rows (given in creation order) sorted by one column. Ties are broken by creation order in the
 * same direction: `createdon` holds whole seconds, and `createdon desc` should still put the
 * lead created last first, as a finer clock would.
 */
export function sortRows<T extends Readonly<Record<string, unknown>>>(
  rows: readonly T[],
  orderBy: OrderBy,
): T[] {
  const direction = orderBy.descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort(
      (a, b) =>
        direction *
        (compareValues(a.row[orderBy.property], b.row[orderBy.property]) || a.index - b.index),
    )
    .map(({ row }) => row);
}
