import {
  describeOrigin,
  newLeadId,
  parseLead,
  type ImportedFrom,
  type LeadProblem,
} from '@leadbridge/lead-model';
import type { LeadStore, StoreOutcome } from './lead-store';

export interface IncomingLead {
  /** The body, parsed as JSON. */
  body: unknown;
  /** The body exactly as received. */
  rawBody: string;
  /** The request id of the POST, carried into every log line about the lead. */
  requestId: string;
  receivedAt: Date;
  /** For a lead read from a file by `npm run import` rather than POSTed by Microsoft. */
  imported?: ImportedFrom;
}

export type AcceptResult =
  { ok: true; leadId: string; status: StoreOutcome } | { ok: false; problems: LeadProblem[] };

/**
 * The ingest use case: validate and normalise the lead, give it a new event id, store it. Resolves
 * only once the lead is stored; a store failure rejects, and nothing is acknowledged. A
 * redelivery inside the window resolves with the first arrival's id.
 */
export async function acceptLead(incoming: IncomingLead, store: LeadStore): Promise<AcceptResult> {
  const parsed = parseLead(incoming.body);
  if (!parsed.ok) return parsed;
  const { lead } = parsed;
  const stored = await store.put({
    leadId: newLeadId(),
    requestId: incoming.requestId,
    correlationId: incoming.requestId,
    receivedAt: incoming.receivedAt.toISOString(),
    rawBody: incoming.rawBody,
    lead,
    origin: describeOrigin(lead),
    ...(incoming.imported ? { imported: incoming.imported } : {}),
  });
  return { ok: true, ...stored };
}
