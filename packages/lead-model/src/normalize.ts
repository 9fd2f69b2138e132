import type { ErrorObject } from 'ajv';
import { TOP_LEVEL_FIELDS, UNSAFE_KEYS, USER_DETAIL_FIELDS } from './field-names';
import { validateMarketplaceLead } from './schema';
import { isRecord } from './util/is-record';
import type { Lead, LeadProblem, UserDetails } from './types';

export type ParseLeadResult = { ok: true; lead: Lead } | { ok: false; problems: LeadProblem[] };

type PlainObject = Record<string, unknown>;

/**
 * Deepest nesting accepted. Microsoft's leads are two levels deep; a body nested thousands of
 * levels (which fits in 64 KiB) would otherwise overflow the stack of every recursive step that
 * follows, from the lead id to the job's serialisation.
 */
export const MAX_NESTING_DEPTH = 32;

/** Measured without recursion, so the check itself cannot overflow the stack. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const inner of Object.values(current)) stack.push([inner, depth + 1]);
  }
  return false;
}

/**
 * Splits an object into the fields we know (renamed to Microsoft's casing, whatever casing was
 * sent) and the rest. When two keys differ only in case, the first one sent wins and the other is
 * kept as an extra field, so nothing is lost.
 */
function canonicalise(
  source: PlainObject,
  known: Readonly<Record<string, string>>,
): { fields: PlainObject; extra: PlainObject } {
  const fields: PlainObject = {};
  const extra: PlainObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (UNSAFE_KEYS.has(key)) continue; // still in the raw body the job keeps
    const name = known[key.toLowerCase()];
    if (name !== undefined && !(name in fields)) fields[name] = value;
    else extra[key] = value;
  }
  return { fields, extra };
}

/** Numbers and booleans become strings; strings are trimmed; null and blank mean absent. */
function toText(value: unknown): string | undefined {
  // The schema has refused every other type by now.
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function describe(error: ErrorObject): LeadProblem {
  const field = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(body)';
  const message =
    error.keyword === 'type'
      ? `must be ${field === 'UserDetails' ? 'an object' : 'a string'}`
      : (error.message ?? 'is invalid');
  return { field, message };
}

/**
 * Turns a parsed JSON body into a normalised lead, or says which fields are wrong.
 * Liberal by design: only a body that is not an object, or a field of the wrong kind, is refused.
 */
export function parseLead(body: unknown): ParseLeadResult {
  if (!isRecord(body)) {
    return { ok: false, problems: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  if (nestedDeeperThan(body, MAX_NESTING_DEPTH)) {
    return {
      ok: false,
      problems: [
        { field: '(body)', message: `is nested more than ${MAX_NESTING_DEPTH} levels deep` },
      ],
    };
  }
  const top = canonicalise(body, TOP_LEVEL_FIELDS);
  const rawDetails = top.fields.UserDetails;
  const details = isRecord(rawDetails) ? canonicalise(rawDetails, USER_DETAIL_FIELDS) : null;
  const candidate = details ? { ...top.fields, UserDetails: details.fields } : top.fields;

  if (!validateMarketplaceLead(candidate)) {
    const problems = (validateMarketplaceLead.errors ?? []).map(describe);
    return { ok: false, problems };
  }

  const userDetails: UserDetails = {};
  for (const name of Object.values(USER_DETAIL_FIELDS)) {
    const text = toText(details?.fields[name]);
    if (text !== undefined) userDetails[name] = text;
  }
  const extra: PlainObject = { ...top.extra };
  for (const [key, value] of Object.entries(details?.extra ?? {})) {
    extra[`UserDetails.${key}`] = value;
  }

  const lead: Lead = { UserDetails: userDetails, Extra: extra };
  for (const name of ['ActionCode', 'OfferTitle', 'LeadSource', 'Description'] as const) {
    const text = toText(top.fields[name]);
    if (text !== undefined) lead[name] = text;
  }
  return { ok: true, lead };
}
