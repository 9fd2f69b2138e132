import { parseArgs } from 'node:util';
import type { DateOrder } from './created-at';
import type { ImportFormat } from './run-import';

/** What the command was asked to do. */
export interface ImportArgs {
  file: string;
  format: ImportFormat;
  dryRun: boolean;
  /** @defaultValue 36 */
  toleranceHours: number;
  /** A JSON or YAML file mapping the file's headers to lead fields. */
  columnsFile?: string;
  /** @defaultValue 'month-first' */
  dateOrder: DateOrder;
  /** Import rows created before Leadbridge's record of received leads began. @defaultValue false */
  includeUnchecked: boolean;
}

export const USAGE = `usage: npm run import -- <file> [--dry-run] [--tolerance-hours <hours>]
                         [--columns <file.json|file.yaml>] [--day-first] [--format csv|ndjson]
                         [--include-unchecked]
   or: docker compose run --rm import /data/<file> [options]

  <file>               Partner Center's marketplace leads export (CSV), any CSV with a header
                       row, or NDJSON: one Microsoft payload a line (.ndjson, .jsonl)
  --dry-run            print what would be imported and skipped, and the completeness
                       report; change nothing
  --tolerance-hours    how far a lead received from the same e-mail for the same offer may be
                       from a row's creation time to count as that row (default 36)
  --columns            map other headers to lead fields, e.g. {"Opened": "CreatedAt"}
  --day-first          read 5/3/2026 as 5 March (default: month first, 3 May)
  --include-unchecked  import rows created before Leadbridge began recording the leads it
                       receives too (whether they were received cannot be told)
  --format             csv or ndjson, when the file's extension does not say
`;

/** A command line that cannot be followed; the message says why, USAGE says how. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function formatOf(file: string, given: string | undefined): ImportFormat {
  if (given !== undefined) {
    if (given !== 'csv' && given !== 'ndjson')
      throw new UsageError('--format must be csv or ndjson');
    return given;
  }
  return /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'csv';
}

/** Reads the command line; UsageError when it is wrong. */
export function parseImportArgs(args: readonly string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        'tolerance-hours': { type: 'string' },
        columns: { type: 'string' },
        'day-first': { type: 'boolean', default: false },
        'include-unchecked': { type: 'boolean', default: false },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const [file, ...rest] = positionals;
  if (file === undefined || rest.length > 0) throw new UsageError('name one file to import');
  const tolerance = values['tolerance-hours'] ?? '36';
  const toleranceHours = Number(tolerance);
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(tolerance) || toleranceHours > 720) {
    throw new UsageError('--tolerance-hours must be a number of hours from 0 to 720');
  }
  return {
    file,
    format: formatOf(file, values.format),
    dryRun: values['dry-run'],
    toleranceHours,
    ...(values.columns !== undefined ? { columnsFile: values.columns } : {}),
    dateOrder: values['day-first'] ? 'day-first' : 'month-first',
    includeUnchecked: values['include-unchecked'],
  };
}
