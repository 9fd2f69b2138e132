import { unsupportedQueryError } from './dataverse-error';

/** One `<property> eq <value>` comparison of a `$filter`. */
export interface FilterClause {
  /** A column, or a column of a record looked up through one navigation property (`a/b`). */
  property: string;
  value: unknown;
}

/** Parameter aliases given beside `$filter` (`@table='lead'`), by name with the `@`. */
export type ParameterAliases = ReadonlyMap<string, string>;

const EQUALS = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)?)\s+eq\s+(.+?)\s*$/s;
const ALIAS = /^@[A-Za-z_][A-Za-z0-9_]*$/;
const AND = /^\s+and\s+/;
const GUID_LITERAL =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function parseLiteral(text: string, aliases: ParameterAliases): unknown {
  if (ALIAS.test(text)) {
    const aliased = aliases.get(text);
    if (aliased === undefined || ALIAS.test(aliased.trim())) throw new Error('unknown alias');
    return parseLiteral(aliased.trim(), aliases);
  }
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    const inner = text.slice(1, -1);
    // Inside an OData string a quote is written twice; a lone quote ends the string early.
    if (inner.replace(/''/g, '').includes("'")) throw new Error('unbalanced quote');
    return inner.replace(/''/g, "'");
  }
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (GUID_LITERAL.test(text)) return text.toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw new Error('not a literal');
}

/**
 * Splits at each ` and ` outside string literals, so `'Smith and Sons'` stays one value. A
 * doubled quote toggles twice, which leaves the scan inside the literal, as it should.
 */
function splitAtAnd(text: string): string[] {
  const parts: string[] = [];
  let inString = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char === "'") inString = !inString;
    if (inString || !/\s/.test(char)) continue;
    const joiner = AND.exec(text.slice(index));
    if (!joiner) continue;
    parts.push(text.slice(start, index));
    index += joiner[0].length - 1;
    start = index + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Parses `$filter` as `<column> eq <value>` comparisons joined by `and`, a value written out or
 * as a parameter alias (`@table`, given beside the filter); anything else (`or`, `ne`, functions,
 * parentheses) is refused with one message that says what is supported.
 */
export function parseFilter(text: string, aliases: ParameterAliases = new Map()): FilterClause[] {
  try {
    return splitAtAnd(text).map((part) => {
      const match = EQUALS.exec(part);
      if (!match?.[1] || !match[2]) throw new Error('not a comparison');
      return { property: match[1], value: parseLiteral(match[2], aliases) };
    });
  } catch {
    throw unsupportedQueryError(
      'This simulator supports $filter only as <column> eq <value>, joined by and, e.g. ' +
        "emailaddress1 eq 'a@b.example' and statecode eq 0.",
    );
  }
}

/** Whether a row read back meets every clause. */
export function matchesFilter(
  row: Readonly<Record<string, unknown>>,
  clauses: readonly FilterClause[],
): boolean {
  return clauses.every(({ property, value: wanted }) => {
    const value = row[property] ?? null;
    // Dataverse compares text case-insensitively under the default collation.
    if (typeof value === 'string' && typeof wanted === 'string') {
      return value.toLowerCase() === wanted.toLowerCase();
    }
    return value === wanted;
  });
}
