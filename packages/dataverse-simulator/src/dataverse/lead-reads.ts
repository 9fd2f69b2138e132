import { API_PATH, type DataverseContext } from './dataverse-context';
import { recordNotFoundError, unknownPropertyError } from './dataverse-error';
import { matchesFilter } from './filter-expression';
import { outputName } from './lead-table';
import { sortRows } from './order-by';
import { project, readQueryOptions } from './query-options';

function readableNames(context: DataverseContext): string[] {
  return [...context.table.columns.values()].map(outputName);
}

function checkSelect(context: DataverseContext, names: readonly string[] | undefined): void {
  const readable = readableNames(context);
  const unknown = names?.find((name) => !readable.includes(name));
  if (unknown !== undefined) {
    throw unknownPropertyError(unknown, `Microsoft.Dynamics.CRM.${context.table.logicalName}`);
  }
}

function contextUrl(
  context: DataverseContext,
  select: readonly string[] | undefined,
  suffix = '',
): string {
  const set = context.table.entitySet;
  const columns = select ? `(${select.join(',')})` : '';
  return `${context.baseUrl}${API_PATH}/$metadata#${set}${columns}${suffix}`;
}

/** `GET leads(<id>)`: the full row (empty columns as null), or only the `$select`ed columns. */
export function readLead(context: DataverseContext, id: string, search: URLSearchParams): unknown {
  const { select } = readQueryOptions(search, ['$select']);
  checkSelect(context, select);
  const row = context.store.row(id);
  if (!row) throw recordNotFoundError(context.table.logicalName, id);
  return {
    '@odata.context': contextUrl(context, select, '/$entity'),
    ...project(row, select, [context.table.primaryId]),
  };
}

/**
 * `GET leads`: in creation order, or by `$orderby=<column> [asc|desc]`; `$filter` as
 * `<column> eq <value>` clauses joined by `and`; then `$top`; then `$select`.
 */
export function listLeads(context: DataverseContext, search: URLSearchParams): unknown {
  const { select, top, filter, orderBy } = readQueryOptions(search, [
    '$select',
    '$top',
    '$filter',
    '$orderby',
  ]);
  checkSelect(context, select);
  if (filter)
    checkSelect(
      context,
      filter.map((clause) => clause.property),
    );
  if (orderBy) checkSelect(context, [orderBy.property]);
  let rows = context.store.rowsInOrder();
  if (filter) rows = rows.filter((row) => matchesFilter(row, filter));
  if (orderBy) rows = sortRows(rows, orderBy);
  if (top !== undefined) rows = rows.slice(0, top);
  return {
    '@odata.context': contextUrl(context, select),
    value: rows.map((row) => project(row, select, [context.table.primaryId])),
  };
}
