import { mapColumns, type ColumnMap } from './column-map';
import { parseCreatedAt, type DateOrder } from './created-at';
import { csvRecords } from './csv-records';
import type { ColumnTarget } from './import-fields';
import type { ImportRow } from './import-row';
import { payloadOf } from './row-payload';

/** A file none of whose columns is a lead field: most likely not leads, or the wrong delimiter. */
export class UnknownColumnsError extends Error {
  constructor(readonly headers: readonly string[]) {
    super('no column of the file is a lead field Leadbridge knows');
    this.name = 'UnknownColumnsError';
  }
}

export interface CsvRowsOptions {
  /** The `--columns` file's mapping, by header key. */
  columns?: ReadonlyMap<string, ColumnTarget>;
  /** @defaultValue 'month-first' */
  dateOrder?: DateOrder;
  onBytes?: (bytes: number) => void;
  /** Told what each column fills, once the header is read. */
  onColumns?: (columns: ColumnMap) => void;
}

/**
 * The leads of a CSV file whose first record is its header: each row as the payload Microsoft
 * would have sent, with the creation time of the row when it has one. A row whose cells are all
 * blank (a spreadsheet's trailing rows) is skipped.
 */
export async function* csvRows(
  path: string,
  options: CsvRowsOptions = {},
): AsyncGenerator<ImportRow> {
  let columns: ColumnMap | undefined;
  for await (const record of csvRecords(path, options.onBytes)) {
    if ('problem' in record) {
      yield { kind: 'invalid', line: record.line, reason: record.problem };
      continue;
    }
    if (!columns) {
      columns = mapColumns(record.fields, options.columns);
      if (columns.known.length === 0) throw new UnknownColumnsError(record.fields);
      options.onColumns?.(columns);
      continue;
    }
    if (record.fields.every((field) => field.trim() === '')) continue;
    const { body, createdAt } = payloadOf(record.fields, columns.targets);
    let created: string | undefined;
    if (createdAt !== undefined) {
      created = parseCreatedAt(createdAt, options.dateOrder);
      if (created === undefined) {
        yield {
          kind: 'invalid',
          line: record.line,
          reason:
            'its creation time is not a date and time Leadbridge reads (ISO 8601, or M/D/YYYY h:mm)',
        };
        continue;
      }
    }
    yield {
      kind: 'lead',
      line: record.line,
      body,
      rawBody: JSON.stringify(body),
      ...(created !== undefined ? { createdAt: created } : {}),
    };
  }
}
