import { aliasedField } from './header-aliases';
import { headerKey, type ColumnTarget } from './import-fields';

/** What each column of a file fills, in the file's order. */
export interface ColumnMap {
  readonly targets: readonly ColumnTarget[];
  /** The headers, as written, that fill known fields, for the command to show. */
  readonly known: readonly { header: string; field: string }[];
}

/**
 * Maps each header: the `--columns` file first, then the aliases; any other header is kept as
 * an unknown field (`Extra.<header>`), as the API keeps a field Microsoft adds. A header twice, or
 * two headers for one field, keep the first; the later one is kept as an unknown field.
 */
export function mapColumns(
  headers: readonly string[],
  overrides: ReadonlyMap<string, ColumnTarget> = new Map(),
): ColumnMap {
  const taken = new Set<string>();
  const known: { header: string; field: string }[] = [];
  const targets = headers.map((raw): ColumnTarget => {
    const header = raw.trim();
    if (header === '') return { kind: 'ignore' };
    const target: ColumnTarget = overrides.get(headerKey(header)) ?? fieldTarget(header);
    if (target.kind !== 'field') return target;
    if (taken.has(target.field)) return { kind: 'extra', key: header };
    taken.add(target.field);
    known.push({ header, field: target.field });
    return target;
  });
  return { targets, known };
}

function fieldTarget(header: string): ColumnTarget {
  const field = aliasedField(header);
  return field ? { kind: 'field', field } : { kind: 'extra', key: header };
}
