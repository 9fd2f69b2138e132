import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, type CsvError, type Options } from 'csv-parse';
import { LineIndex } from './line-index';

/** One record of a file: its fields, or why it could not be read; `line` is where it starts. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; problem: string };

/** Why the parser skipped a record, in words that quote nothing of it. */
function describe(error: CsvError, headerFields: number | undefined): string {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS': {
      const got = Array.isArray(error.record)
        ? `${error.record.length} fields`
        : 'another number of fields';
      return `has ${got} where the header has ${headerFields ?? 'another number'}`;
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'opens a quote that is never closed (the rest of the file is part of it)';
    default:
      return 'cannot be read as CSV';
  }
}

const CANDIDATES = [',', ';', '\t'] as const;

/**
 * The delimiter of the header line: a comma unless the line holds more semicolons (a spreadsheet
 * saved in a locale whose decimal mark is a comma) or tabs. Quoted text is not counted.
 */
export async function detectDelimiter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const char of head) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/**
 * The records of a CSV file, the header first, each with the line it starts on. RFC 4180: quoted
 * fields may hold delimiters, quotes (doubled) and line breaks; CRLF or LF; a UTF-8 byte order
 * mark is dropped. Empty lines are skipped. A record that cannot be read is reported and the
 * next one read. `onBytes` is told how far into the file reading has got.
 */
export async function* csvRecords(
  path: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<CsvRecord> {
  const delimiter = await detectDelimiter(path);
  const lines = new LineIndex();
  // Lines are worked out while parsing, when the index has seen at least as far as the parser;
  // a skipped record is reported in its place among the others by its sequence number.
  const skipped: (CsvRecord & { seq: number })[] = [];
  let seq = 0;
  let start = 0;
  let headerFields: number | undefined;
  type Numbered = { seq: number; line: number; fields: string[] };
  const options: Options<Numbered, string[]> = {
    bom: true,
    delimiter,
    skip_empty_lines: true,
    // A stray quote inside an unquoted cell (`5"x`) is kept as text, as spreadsheets do, rather
    // than derailing every record after it.
    relax_quotes: true,
    skip_records_with_error: true,
    on_record(fields, context) {
      const record = { seq: seq++, line: lines.lineAt(start), fields };
      headerFields ??= fields.length;
      start = context.bytes;
      return record;
    },
    on_skip(error) {
      if (!error) return;
      skipped.push({
        seq: seq++,
        line: lines.lineAt(start),
        problem: describe(error, headerFields),
      });
      start = typeof error.bytes === 'number' ? error.bytes : start;
    },
  };
  // The typings tie on_record's result to the columns option; records here are numbered arrays.
  const parser = parse(options as unknown as Options);
  const input = createReadStream(path);
  let read = 0;
  input.on('data', (chunk) => {
    read += chunk.length;
    onBytes?.(read);
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(lines).pipe(parser);
  const earlierSkips = function* (before: number): Generator<CsvRecord> {
    while (skipped.length > 0 && (skipped[0] as { seq: number }).seq < before) {
      const { line, problem } = skipped.shift() as { line: number; problem: string };
      yield { line, problem };
    }
  };
  for await (const record of parser as AsyncIterable<{
    seq: number;
    line: number;
    fields: string[];
  }>) {
    yield* earlierSkips(record.seq);
    yield { line: record.line, fields: record.fields };
  }
  yield* earlierSkips(Infinity);
}
