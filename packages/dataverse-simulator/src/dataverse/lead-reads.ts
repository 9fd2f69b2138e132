import { API_PATH, type DataverseContext } from './dataverse-context';
import { recordNotFoundError, unknownPropertyError } from './dataverse-error';
import { outputName } from './lead-table';
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

/** `GET leads`, in creation order, with `$select`, `$top` and `$filter=<column> eq <value>`. */
export function listLeads(context: DataverseContext, search: URLSearchParams): unknown {
  const { select, top, filter } = readQueryOptions(search, ['$select', '$top', '$filter']);
  checkSelect(context, select);
  if (filter) checkSelect(context, [filter.property]);
  let rows = context.store.rowsInOrder();
  if (filter) {
    const wanted = filter.value;
    rows = rows.filter((row) => {
      const value = row[filter.property];
      // Dataverse compares text case-insensitively under the default collation.
      if (typeof value === 'string' && typeof wanted === 'string') {
        return value.toLowerCase() === wanted.toLowerCase();
      }
      return value === wanted;
    });
  }
  if (top !== undefined) rows = rows.slice(0, top);
  return {
    '@odata.context': contextUrl(context, select),
    value: rows.map((row) => project(row, select, [context.table.primaryId])),
  };
}
