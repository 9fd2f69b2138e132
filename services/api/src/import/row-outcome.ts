import type { Match } from './received-match';

/** Where a lead of the file belongs in the completeness report. */
export interface RowBucket {
  /** `2026-05`, from the creation time; `no date` without one. */
  month: string;
  /** The offer's title, else its id, else `(no offer)`. */
  offer: string;
}

/** What became of one row of the file. */
export type RowOutcome =
  | ({ line: number; kind: 'imported'; leadId: string } & RowBucket)
  | ({ line: number; kind: 'would-import' } & RowBucket)
  | ({ line: number; kind: 'received'; match: Match | { leadId: string; by: 'store' } } & RowBucket)
  /** Created before Leadbridge began its received ledger: whether it was received is not known. */
  | ({ line: number; kind: 'unchecked'; since?: string } & RowBucket)
  | { line: number; kind: 'invalid'; reason: string };

/** The line printed for a row: ids, offers and dates only, never what the customer wrote. */
export function describeOutcome(outcome: RowOutcome): string {
  const at = `line ${outcome.line}:`;
  switch (outcome.kind) {
    case 'imported':
      return `${at} imported as lead ${outcome.leadId} (${outcome.offer}, ${outcome.month})`;
    case 'would-import':
      return `${at} would be imported (${outcome.offer}, ${outcome.month})`;
    case 'received': {
      const { match } = outcome;
      const how =
        match.by === 'content'
          ? 'the same lead'
          : match.by === 'store'
            ? 'the same lead, just stored'
            : `the same e-mail and offer, ${match.hoursApart} h from its creation`;
      return `${at} already received as lead ${match.leadId} (${how})`;
    }
    case 'unchecked':
      return `${at} not imported: created before Leadbridge's record of received leads ${
        outcome.since ? `began (${outcome.since})` : 'holds anything'
      }; --include-unchecked imports it (${outcome.offer}, ${outcome.month})`;
    case 'invalid':
      return `${at} invalid: ${outcome.reason}`;
  }
}
