import { stableGuid } from '../shared/guid';
import { API_PATH, type DataverseContext } from './dataverse-context';
import { unknownPropertyError } from './dataverse-error';
import { CREATE_MULTIPLE } from './create-multiple';
import { matchesFilter } from './filter-expression';
import { project, readQueryOptions } from './query-options';

/*
 * `GET sdkmessagefilters`: which messages the org has for which table. Microsoft's documented way
 * to learn whether a standard table supports CreateMultiple ("Use bulk operation messages",
 * Availability with standard tables, power-apps/developer/data-platform/bulk-operations) is
 *   sdkmessagefilters?$select=sdkmessagefilterid
 *     &$filter=sdkmessageid/name eq @message and primaryobjecttypecode eq @table
 *     &@message='CreateMultiple'&@table='lead'
 * which answers one `sdkmessagefilterid` when it does and an empty `value` when it does not.
 */

/** The messages the simulator serves on the lead table, by their SDK names. */
const LEAD_MESSAGES = [
  'Create',
  'Retrieve',
  'RetrieveMultiple',
  'Update',
  'Upsert',
  'Delete',
  CREATE_MULTIPLE,
] as const;

const MESSAGE_NAME = 'sdkmessageid/name';
const FILTERABLE = ['sdkmessagefilterid', 'primaryobjecttypecode', MESSAGE_NAME];
const SELECTABLE = ['sdkmessagefilterid', 'primaryobjecttypecode', '_sdkmessageid_value'];
const TYPE_NAME = 'Microsoft.Dynamics.CRM.sdkmessagefilter';

function checkNames(names: readonly string[], allowed: readonly string[]): void {
  const unknown = names.find((name) => !allowed.includes(name));
  if (unknown !== undefined) throw unknownPropertyError(unknown, TYPE_NAME);
}

interface FilterRow {
  /** What `$filter` sees: the columns and the message's name through the lookup. */
  filterable: Record<string, unknown>;
  record: Record<string, unknown>;
}

/** The filters of the messages available on lead right now. */
function filterRows(context: DataverseContext): FilterRow[] {
  const table = context.table.logicalName;
  return LEAD_MESSAGES.filter(
    (message) => !(message === CREATE_MULTIPLE && context.faults.createMultipleUnavailable),
  ).map((message) => {
    const record = {
      // Ids and versions stay put across restarts, as a real org's do.
      '@odata.etag': `W/"${LEAD_MESSAGES.indexOf(message) + 1}"`,
      sdkmessagefilterid: stableGuid(`sdkmessagefilter:${table}:${message}`),
      primaryobjecttypecode: table,
      _sdkmessageid_value: stableGuid(`sdkmessage:${message}`),
    };
    return { record, filterable: { ...record, [MESSAGE_NAME]: message } };
  });
}

/**
 * Answers the `sdkmessagefilters` query for the lead table's messages; `$filter` on
 * `sdkmessageid/name`, `primaryobjecttypecode` or `sdkmessagefilterid` (values written out or as
 * parameter aliases), `$select` and `$top`. A table other than lead has no filters here.
 */
export function listMessageFilters(context: DataverseContext, search: URLSearchParams): unknown {
  const { select, filter, top } = readQueryOptions(search, ['$select', '$filter', '$top']);
  if (select) checkNames(select, SELECTABLE);
  if (filter)
    checkNames(
      filter.map((clause) => clause.property),
      FILTERABLE,
    );
  let rows = filterRows(context);
  if (filter) rows = rows.filter((row) => matchesFilter(row.filterable, filter));
  if (top !== undefined) rows = rows.slice(0, top);
  const columns = select ? `(${select.join(',')})` : '';
  return {
    '@odata.context': `${context.baseUrl}${API_PATH}/$metadata#sdkmessagefilters${columns}`,
    value: rows.map((row) => project(row.record, select, ['sdkmessagefilterid'])),
  };
}
