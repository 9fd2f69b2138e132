import { createHash, randomUUID } from 'node:crypto';
import type { Lead } from './types';

/** Leadbridge's UUID namespace for content keys (RFC 9562 name-based, SHA-1). Never change it. */
const LEAD_NAMESPACE = Buffer.from('6f1d3c2a9b8e4d7f8a0c5e1b2d3f4a5b', 'hex');

/** JSON with object keys sorted at every level, so equal leads serialise to equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A UUID (version 5) derived from the normalised lead: equal for a redelivery of the same lead
 * whatever its key order, casing or white space. It tells a redelivery from a new lead inside the
 * redelivery window; it is not the lead's id (a customer may send the same details again a month
 * later, and that is a new event). Leads stored before the window existed have it as their id.
 */
export function contentKeyFor(lead: Lead): string {
  const hash = createHash('sha1').update(LEAD_NAMESPACE).update(canonicalJson(lead)).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of a new lead event: fixed once when the event is first stored, it stays the job id and
 * the Dataverse `leadid`, so retries of that event write one record.
 */
export function newLeadId(): string {
  return randomUUID();
}
