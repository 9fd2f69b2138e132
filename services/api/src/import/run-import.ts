import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { describeOrigin, parseLead, type ImportedFrom, type Lead } from '@leadbridge/lead-model';
import type { AcceptResult } from '../ingest/accept-lead';
import type { ReceivedLedger } from '../ingest/received-ledger';
import type { ColumnMap } from './column-map';
import type { DateOrder } from './created-at';
import { csvRows } from './csv-rows';
import type { ColumnTarget } from './import-fields';
import type { ImportRow } from './import-row';
import { ndjsonRows } from './ndjson-rows';
import { ReceivedMatcher, type Candidate } from './received-match';
import type { RowBucket, RowOutcome } from './row-outcome';

export type ImportFormat = 'csv' | 'ndjson';

export interface ImportOptions {
  path: string;
  format: ImportFormat;
  /** Decide every row, store nothing. */
  dryRun: boolean;
  /** How far apart a row's creation time and a received lead's time may be for rule 2. */
  toleranceHours: number;
  /** The `--columns` file's mapping. */
  columns?: ReadonlyMap<string, ColumnTarget>;
  dateOrder?: DateOrder;
  /**
   * Import rows created before the received ledger began too: whether Leadbridge received them
   * cannot be told. @defaultValue false
   */
  includeUnchecked?: boolean;
}

/** A lead of the file on its way through the ingest path, marked as imported. */
export interface ImportedIncoming {
  body: unknown;
  rawBody: string;
  requestId: string;
  receivedAt: Date;
  imported: ImportedFrom;
}

export interface ImportDeps {
  ledger: ReceivedLedger;
  /** The content key of a normalised lead, as the store deduplicates by it. */
  contentKeyOf(lead: Lead): string;
  /** The API's ingest use case, with the lead marked as imported. */
  accept(incoming: ImportedIncoming): Promise<AcceptResult>;
  /** Told of each row as it is decided. */
  onRow?: (outcome: RowOutcome) => void;
  onBytes?: (bytes: number) => void;
  onColumns?: (columns: ColumnMap) => void;
}

const HOUR_MS = 3_600_000;

function bucketOf(
  lead: Lead,
  offerId: string | undefined,
  createdAt: string | undefined,
): RowBucket {
  return {
    month: createdAt ? createdAt.slice(0, 7) : 'no date',
    offer: lead.OfferTitle ?? offerId ?? '(no offer)',
  };
}

function rowsOf(options: ImportOptions, deps: ImportDeps): AsyncGenerator<ImportRow> {
  if (options.format === 'ndjson') return ndjsonRows(options.path, deps.onBytes);
  return csvRows(options.path, {
    ...(options.columns ? { columns: options.columns } : {}),
    ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    ...(deps.onBytes ? { onBytes: deps.onBytes } : {}),
    ...(deps.onColumns ? { onColumns: deps.onColumns } : {}),
  });
}

/**
 * Imports the leads of a file Leadbridge missed: each row is normalised and checked as a POSTed
 * lead is, compared with what Leadbridge received (see ReceivedMatcher), and, unless it was
 * received or this is a dry run, stored through the same use case and store as a POSTed lead,
 * marked as imported, for the worker to route and deliver. Resolves with every row's outcome, in
 * the file's order; rejects when the store fails (what was imported so far stays imported, and
 * a second run skips it).
 */
export async function runImport(options: ImportOptions, deps: ImportDeps): Promise<RowOutcome[]> {
  const matcher = new ReceivedMatcher(deps.ledger, options.toleranceHours * HOUR_MS);
  const file = basename(options.path);
  // Each imported lead's request id names the run and the line, for its log lines.
  const run = `import-${randomBytes(4).toString('hex')}`;
  const outcomes: RowOutcome[] = [];
  // Before the ledger's first record nothing received is known: such rows could be leads
  // delivered long ago, and are left alone unless asked. The tolerance covers a lead received a
  // little after its creation.
  const since = await deps.ledger.since();
  const checkedFrom = since === undefined ? Infinity : since - options.toleranceHours * HOUR_MS;
  const sinceText = since === undefined ? undefined : new Date(since).toISOString().slice(0, 10);
  const decide = (outcome: RowOutcome) => {
    outcomes.push(outcome);
    deps.onRow?.(outcome);
  };

  for await (const row of rowsOf(options, deps)) {
    if (row.kind === 'invalid') {
      decide(row);
      continue;
    }
    const parsed = parseLead(row.body);
    if (!parsed.ok) {
      const reason = parsed.problems.map(({ field, message }) => `${field} ${message}`).join('; ');
      decide({ kind: 'invalid', line: row.line, reason });
      continue;
    }
    const { lead } = parsed;
    const origin = describeOrigin(lead);
    const bucket = bucketOf(lead, origin.offerId, row.createdAt);
    const candidate: Candidate = {
      contentKey: deps.contentKeyOf(lead),
      ...(lead.UserDetails.Email !== undefined ? { email: lead.UserDetails.Email } : {}),
      ...(lead.OfferTitle !== undefined ? { offerTitle: lead.OfferTitle } : {}),
      ...(origin.offerId !== undefined ? { offerId: origin.offerId } : {}),
      ...(row.createdAt !== undefined ? { createdAt: Date.parse(row.createdAt) } : {}),
    };
    const match = await matcher.find(candidate);
    if (match) {
      decide({ kind: 'received', line: row.line, match, ...bucket });
      continue;
    }
    if (
      !options.includeUnchecked &&
      candidate.createdAt !== undefined &&
      candidate.createdAt < checkedFrom
    ) {
      decide({
        kind: 'unchecked',
        line: row.line,
        ...(sinceText !== undefined ? { since: sinceText } : {}),
        ...bucket,
      });
      continue;
    }
    if (options.dryRun) {
      matcher.remember(candidate, `${run}-${row.line}`);
      decide({ kind: 'would-import', line: row.line, ...bucket });
      continue;
    }
    const imported: ImportedFrom = {
      source: options.format,
      file,
      line: row.line,
      ...(row.createdAt !== undefined ? { createdAt: row.createdAt } : {}),
    };
    const result = await deps.accept({
      body: row.body,
      rawBody: row.rawBody,
      requestId: `${run}-${row.line}`,
      receivedAt: new Date(),
      imported,
    });
    if (!result.ok) {
      // parseLead passed above, so this cannot happen; kept so that nothing is lost unsaid.
      decide({ kind: 'invalid', line: row.line, reason: 'was refused by the ingest checks' });
      continue;
    }
    matcher.remember(candidate, result.leadId);
    if (result.status === 'duplicate') {
      decide({
        kind: 'received',
        line: row.line,
        match: { leadId: result.leadId, by: 'store' },
        ...bucket,
      });
    } else {
      decide({ kind: 'imported', line: row.line, leadId: result.leadId, ...bucket });
    }
  }
  return outcomes;
}
