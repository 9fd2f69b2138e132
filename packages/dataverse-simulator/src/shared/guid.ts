import { createHash } from 'node:crypto';

/** A GUID in the 8-4-4-4-12 form Dataverse prints, either case. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID_PATTERN.test(value);
}

/**
 * The same GUID for the same seed, every run: metadata ids and privilege ids stay put across
 * restarts, as they do in a real org.
 */
export function stableGuid(seed: string): string {
  const hex = createHash('sha256').update(seed, 'utf8').digest('hex');
  // Version 5 and the RFC 4122 variant bits, so the value looks like any other name-based GUID.
  const version = `5${hex.slice(13, 16)}`;
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16) + hex.slice(17, 20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}-${variant}-${hex.slice(20, 32)}`;
}
