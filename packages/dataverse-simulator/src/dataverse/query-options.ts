import { DataverseError, ErrorCodes } from './dataverse-error';

export type QueryOptionName = '$select' | '$top' | '$filter';

/** The OData query options the simulator understands; `$filter` only as `<property> eq <value>`. */
export interface QueryOptions {
  select?: string[];
  top?: number;
  filter?: { property: string; value: unknown };
}

function notSupported(message: string): DataverseError {
  return new DataverseError(400, ErrorCodes.unknownProperty, message);
}

const EQUALS = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+eq\s+(.+?)\s*$/;
const GUID_LITERAL =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function parseLiteral(text: string): unknown {
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

function parseFilter(text: string): { property: string; value: unknown } {
  const match = EQUALS.exec(text);
  if (match?.[1] && match[2]) {
    try {
      return { property: match[1], value: parseLiteral(match[2]) };
    } catch {
      // Falls through to the one message below.
    }
  }
  throw notSupported(
    "This simulator supports $filter only as <column> eq <value>, e.g. emailaddress1 eq 'a@b.example'.",
  );
}

/**
 * Reads the `$` options of a query string, refusing any the resource does not support rather than
 * silently ignoring them (a test that relies on `$orderby` should fail loudly, not pass by luck).
 */
export function readQueryOptions(
  search: URLSearchParams,
  allowed: readonly QueryOptionName[],
): QueryOptions {
  const options: QueryOptions = {};
  for (const [name, value] of search) {
    if (!name.startsWith('$')) continue;
    if (!(allowed as readonly string[]).includes(name)) {
      throw notSupported(
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
      if (!Number.isSafeInteger(top)) throw notSupported(`Invalid value '${value}' for $top.`);
      options.top = top;
    } else {
      options.filter = parseFilter(value);
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
