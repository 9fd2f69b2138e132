import { MASK } from './mask-url';
import { redactText } from './redact-text';

/**
 * Personal data and secrets must never reach a log line in clear. The logger applies this to
 * every entry, so no caller has to remember to.
 */
export const REDACTED = MASK;

// Keys whose values are personal data or secrets, compared without case, `_` or `-`.
const SENSITIVE_KEYS = new Set([
  'email',
  'emailaddress',
  'emailaddress1',
  'emailaddress2',
  'emailaddress3',
  'phone',
  'telephone',
  'telephone1',
  'telephone2',
  'mobilephone',
  'firstname',
  'lastname',
  'fullname',
  'name',
  'userdetails',
  'rawbody',
  'body',
  'password',
  'secret',
  'clientsecret',
  'ingestsecrets',
  'authorization',
  'cookie',
  'token',
  'accesstoken',
  'code',
]);

const MAX_DEPTH = 8;

function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/** A copy of `value` with sensitive keys masked and free text scrubbed, at any depth. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = isSensitiveKey(key) ? REDACTED : redactValue(inner, depth + 1);
  }
  return copy;
}

/** Masks, in place, the top-level string keys of a log entry (winston keeps its own symbols). */
export function redactEntry<T extends Record<string, unknown>>(entry: T): T {
  for (const key of Object.keys(entry)) {
    if (key === 'level') continue;
    const target = entry as Record<string, unknown>;
    target[key] = isSensitiveKey(key) ? REDACTED : redactValue(entry[key]);
  }
  return entry;
}
