import { createHash } from 'node:crypto';
import type { Lead } from './types';

/** Leadbridge's UUID namespace for lead ids (RFC 9562 name-based, SHA-1). Never change it. */
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
 * A UUID (version 5) derived from the normalised lead. The same lead delivered twice gets the
 * same id, which makes the queue and the Dataverse write idempotent; it is also the record's
 * `leadid` in Dataverse.
 */
export function leadIdFor(lead: Lead): string {
  const hash = createHash('sha1').update(LEAD_NAMESPACE).update(canonicalJson(lead)).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
