import { createHash } from 'node:crypto';
import { redactText } from '@leadbridge/service-kit';

/**
 * Something an operator must hear about. It carries no personal data: a lead is named by its id
 * only, and the reason is scrubbed of e-mail addresses before it goes anywhere.
 */
export interface Alert {
  /** A lead failed for good, matched no destination, or a queue is backing up. */
  kind: 'delivery-failed' | 'unmatched' | 'backlog';
  destination?: string;
  leadId?: string;
  /** Why, in the caller's words (e.g. the delivery error's message). */
  reason: string;
  /** For a backlog: how many leads are waiting. */
  count?: number;
  /** ISO 8601 time it happened. */
  at: string;
}

/** Long enough for an SMTP reply or a Dataverse error message, short enough for a chat line. */
export const MAX_REASON_LENGTH = 300;

/** The reason as it may be shown: e-mail addresses and URL secrets out, one line, capped. */
export function sanitiseReason(reason: string): string {
  const line = redactText(reason).replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The reason with what differs from lead to lead taken out, so a storm of failures with one
 * cause reads as one incident: UUIDs become `<id>`, and every word holding a digit (counts,
 * timestamps, ports, other ids) becomes `#`, except three-digit status codes (HTTP 429, SMTP 550)
 * and `0x` error codes (Dataverse's), which name the cause rather than the lead.
 */
export function reasonCategory(reason: string): string {
  return sanitiseReason(reason)
    .toLowerCase()
    .replace(UUID, '<id>')
    .replace(/[0-9a-z]+/g, (word) =>
      /^\d{3}$/.test(word) || /^0x[0-9a-f]+$/.test(word) || !/\d/.test(word) ? word : '#',
    );
}

/**
 * What makes alerts the same incident: `<kind>:<destination or ->:<category>`, the category being
 * a short hash of {@link reasonCategory}, so the key stays short and holds no text from the lead.
 * One incident is one alert per quiet window, however many leads it hits.
 */
export function incidentKey(alert: Pick<Alert, 'kind' | 'destination' | 'reason'>): string {
  const category = createHash('sha256')
    .update(reasonCategory(alert.reason))
    .digest('hex')
    .slice(0, 16);
  return `${alert.kind}:${alert.destination ?? '-'}:${category}`;
}
