// `npm run import -- <file>`: imports the marketplace leads Leadbridge missed, from Partner
// Center's marketplace leads export (CSV) or a file of Microsoft's payloads (NDJSON). Each lead
// Leadbridge did not receive goes through the API's ingest path onto the lead queue, marked as
// imported, and the worker delivers it like any other. It runs beside a running API.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { contentKeyFor } from '@leadbridge/lead-model';
import {
  connectionReady,
  createLogger,
  createProducerConnection,
  readConfigOrExit,
  withTimeout,
} from '@leadbridge/service-kit';
import { acceptLead } from './ingest/accept-lead';
import { createQueueLeadStore } from './ingest/lead-store';
import { createLeadRecords } from './ingest/lead-records';
import { createLookupHash } from './ingest/lookup-hash';
import { createReceivedLedger } from './ingest/received-ledger';
import { ColumnsFileError, readColumnsFile } from './import/columns-file';
import { UnknownColumnsError } from './import/csv-rows';
import { parseImportArgs, USAGE, UsageError, type ImportArgs } from './import/import-args';
import { readImportConfig } from './import/import-config';
import { columnsLine, countOutcomes, importSummary } from './import/import-summary';
import { progressBar } from './import/progress-bar';
import { describeOutcome } from './import/row-outcome';
import { runImport } from './import/run-import';

/** A lead stored is acknowledged within this; a slow Redis under a long import gets longer than the API's 1 s. */
const STORE_TIMEOUT_MS = 10_000;

function usage(error: UsageError): number {
  process.stderr.write(error.message ? `leadbridge import: ${error.message}\n${USAGE}` : USAGE);
  return 2;
}

async function importFile(args: ImportArgs): Promise<number> {
  const size = (await stat(args.file)).size;
  const columns =
    args.columnsFile === undefined ? undefined : await readColumnsFile(args.columnsFile);
  const config = readConfigOrExit('import', readImportConfig);
  // On stderr, so the report on stdout stays plain text.
  const logger = createLogger({ service: 'import', stream: process.stderr });
  const redis = createProducerConnection(config.redis);
  redis.on('error', () => undefined); // a Redis that cannot be reached is reported below
  const prefix = config.queuePrefix;
  const hash = createLookupHash({
    connection: redis,
    prefix,
    ...(config.lookupHashKey ? { key: config.lookupHashKey } : {}),
  });
  const ledger = createReceivedLedger({ connection: redis, prefix, hash });
  // The API's store, index and ledger, with the API's redelivery window.
  const store = createQueueLeadStore({
    connection: redis,
    prefix,
    records: createLeadRecords({ connection: redis, prefix, hash }),
    timeoutMs: STORE_TIMEOUT_MS,
    dedupeWindowSeconds: config.dedupeWindowSeconds,
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const bar = progressBar(process.stderr, size);
  let rows = 0;
  let bytes = 0;
  try {
    await withTimeout(connectionReady(redis), 10_000, 'connecting to Redis (REDIS_URL)');
    out(
      `leadbridge import: ${basename(args.file)} (${args.format.toUpperCase()})${args.dryRun ? ', dry run: nothing is changed' : ''}`,
    );
    const outcomes = await runImport(
      {
        path: args.file,
        format: args.format,
        dryRun: args.dryRun,
        toleranceHours: args.toleranceHours,
        dateOrder: args.dateOrder,
        includeUnchecked: args.includeUnchecked,
        ...(columns ? { columns } : {}),
      },
      {
        ledger,
        contentKeyOf: contentKeyFor,
        accept: (incoming) => acceptLead(incoming, store),
        onColumns: (map) => out(columnsLine(map)),
        onBytes: (read) => {
          bytes = read;
          bar.update(bytes, rows);
        },
        onRow: (outcome) => {
          rows++;
          bar.done();
          out(describeOutcome(outcome));
          bar.update(bytes, rows);
        },
      },
    );
    bar.done();
    out('');
    process.stdout.write(importSummary(outcomes, args.dryRun));
    const counts = countOutcomes(outcomes);
    // Counts and the file's name only.
    logger.info(args.dryRun ? 'leads import dry run' : 'leads imported', {
      file: basename(args.file),
      ...counts,
    });
    return counts.invalid > 0 ? 1 : 0;
  } finally {
    bar.done();
    await store.close();
    redis.disconnect();
  }
}

/**
 * npm runs the API workspace's script inside services/api; a path is the user's, relative to where
 * they ran `npm run import` (INIT_CWD).
 */
function fromUser(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

async function main(argv: readonly string[]): Promise<number> {
  let args: ImportArgs;
  try {
    const given = parseImportArgs(argv);
    args = {
      ...given,
      file: fromUser(given.file),
      ...(given.columnsFile !== undefined ? { columnsFile: fromUser(given.columnsFile) } : {}),
    };
  } catch (error) {
    if (error instanceof UsageError) return usage(error);
    throw error;
  }
  try {
    return await importFile(args);
  } catch (error) {
    if (error instanceof ColumnsFileError) {
      process.stderr.write(`leadbridge import: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UnknownColumnsError) {
      process.stderr.write(
        `leadbridge import: no column of ${basename(args.file)} is a lead field Leadbridge knows.\n` +
          `Its headers: ${error.headers.join(', ')}\n` +
          'Name what they hold with --columns <file> (see docs/importing-leads.md).\n',
      );
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(
        `leadbridge import: no such file: ${(error as NodeJS.ErrnoException).path ?? args.file}\n`,
      );
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`leadbridge import: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
