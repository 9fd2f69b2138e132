import { normaliseEmail } from '../ingest/lookup-hash';
import type { ReceivedLedger, ReceivedRecord } from '../ingest/received-ledger';

/** What a row of the file is compared by: nothing here is printed or stored. */
export interface Candidate {
  contentKey: string;
  email?: string;
  offerTitle?: string;
  offerId?: string;
  /** When Microsoft created the lead (ms since 1970), when the file says. */
  createdAt?: number;
}

/** Why a row is taken for a lead Leadbridge has: the lead, and how it was recognised. */
export type Match =
  | { leadId: string; by: 'content' }
  | { leadId: string; by: 'email-offer-time'; hoursApart: number };

/** Offer names as compared: case and runs of spaces do not count. */
function same(a: string, b: string): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The same offer: both ids, when both have one; otherwise both titles, when both have one;
 * otherwise neither names an offer.
 */
export function sameOffer(
  row: Pick<Candidate, 'offerTitle' | 'offerId'>,
  record: Pick<ReceivedRecord, 'offerTitle' | 'offerId'>,
): boolean {
  if (row.offerId !== undefined && record.offerId !== undefined)
    return same(row.offerId, record.offerId);
  if (row.offerTitle !== undefined && record.offerTitle !== undefined) {
    return same(row.offerTitle, record.offerTitle);
  }
  return [row.offerId, row.offerTitle, record.offerId, record.offerTitle].every(
    (v) => v === undefined,
  );
}

/**
 * Tells the rows of an import file that Leadbridge already received from those it missed, by the
 * rules docs/importing-leads.md states:
 *
 * 1. the same content: a lead with the row's content key was received (or imported) in the
 *    last 200 days — that is the same lead, however often it appears;
 * 2. otherwise, for a row with an e-mail address and a creation time: a lead from the same
 *    address (compared without case) for the same offer, received within `toleranceMs` of the
 *    creation time; the nearest, and each received lead stands for one row at most.
 *
 * Rows imported by this run count under rule 1 only, so a dry run, which stores nothing,
 * decides every row as the import itself would.
 */
export class ReceivedMatcher {
  /** Leads already standing for a row of this file. */
  private readonly claimed = new Set<string>();
  /** Leads this run imported (or, in a dry run, would have), by e-mail or content key. */
  private readonly imported = new Map<string, ReceivedRecord[]>();
  private readonly importedIds = new Set<string>();

  constructor(
    private readonly ledger: ReceivedLedger,
    private readonly toleranceMs: number,
  ) {}

  private static keyOf(row: Candidate): string {
    return row.email !== undefined ? `e:${normaliseEmail(row.email)}` : `c:${row.contentKey}`;
  }

  async find(row: Candidate): Promise<Match | undefined> {
    const stored =
      row.email !== undefined
        ? await this.ledger.byEmail(row.email)
        : await this.ledger.byContent(row.contentKey);
    const records = [...stored, ...(this.imported.get(ReceivedMatcher.keyOf(row)) ?? [])];

    const sameContent = records.find((record) => record.contentKey === row.contentKey);
    if (sameContent) {
      this.claimed.add(sameContent.leadId);
      return { leadId: sameContent.leadId, by: 'content' };
    }
    if (row.email === undefined || row.createdAt === undefined) return undefined;
    const createdAt = row.createdAt;
    let nearest: { record: ReceivedRecord; apart: number } | undefined;
    for (const record of records) {
      if (this.claimed.has(record.leadId) || this.importedIds.has(record.leadId)) continue;
      const apart = Math.abs(record.at - createdAt);
      if (apart > this.toleranceMs || !sameOffer(row, record)) continue;
      if (!nearest || apart < nearest.apart) nearest = { record, apart };
    }
    if (!nearest) return undefined;
    this.claimed.add(nearest.record.leadId);
    return {
      leadId: nearest.record.leadId,
      by: 'email-offer-time',
      hoursApart: Math.round((nearest.apart / 3_600_000) * 10) / 10,
    };
  }

  /** A row this run imported (or would have) under `leadId`. */
  remember(row: Candidate, leadId: string): void {
    const key = ReceivedMatcher.keyOf(row);
    const record: ReceivedRecord = {
      leadId,
      contentKey: row.contentKey,
      at: row.createdAt ?? Date.now(),
      ...(row.offerTitle !== undefined ? { offerTitle: row.offerTitle } : {}),
      ...(row.offerId !== undefined ? { offerId: row.offerId } : {}),
    };
    this.imported.set(key, [...(this.imported.get(key) ?? []), record]);
    this.importedIds.add(leadId);
    this.claimed.add(leadId);
  }
}
