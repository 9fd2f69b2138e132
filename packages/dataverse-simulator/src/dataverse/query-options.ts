import { unsupportedQueryError } from './dataverse-error';
import { parseFilter, type FilterClause } from './filter-expression';
import { parseOrderBy, type OrderBy } from './order-by';

export type QueryOptionName = '$select' | '$top' | '$filter' | '$orderby' | '$expand';

/** The OData query options the simulator understands, parsed. */
export interface QueryOptions {
  select?: string[];
  top?: number;
  /** `<property> eq <value>` clauses, all of which must hold. */
  filter?: FilterClause[];
  orderBy?: OrderBy;
  /** As sent: what may be expanded depends on the resource. */
  expand?: string;
}

/**
 * Reads the `$` options of a query string, refusing any the resource does not support rather than
 * silently ignoring them (a test that relies on `$apply` should fail loudly, not pass by luck).
 */
export function readQueryOptions(
  search: URLSearchParams,
  allowed: readonly QueryOptionName[],
): QueryOptions {
  const options: QueryOptions = {};
  const aliases = new Map([...search].filter(([name]) => name.startsWith('@')));
  for (const [name, value] of search) {
    if (!name.startsWith('$')) continue;
    if (!(allowed as readonly string[]).includes(name)) {
      throw unsupportedQueryError(
        `The query option '${name}' is not supported on this resource by this simulator.`,
      );
    }
    if (name === '$select') {
      options.select = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    } else if (name === '$top') {
      const top = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(top)) {
        throw unsupportedQueryError(`Invalid value '${value}' for $top.`);
      }
      options.top = top;
    } else if (name === '$filter') {
      options.filter = parseFilter(value, aliases);
    } else if (name === '$orderby') {
      options.orderBy = parseOrderBy(value);
    } else {
      options.expand = value;
    }
  }
  return options;
}

/** Keeps only the selected properties; `always` ones (keys, annotations) stay regardless. */
export function project(
  record: Record<string, unknown>,
  select: readonly string[] | undefined,
  always: readonly string[],
): Record<string, unknown> {
  if (!select) return record;
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (always.includes(name) || select.includes(name) || name.startsWith('@')) kept[name] = value;
  }
  return kept;
}
