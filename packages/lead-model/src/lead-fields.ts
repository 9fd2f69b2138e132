import { actionName } from './action-names';
import { canonicalJson } from './content-key';
import { leadTopic } from './lead-topic';
import type { LeadJobData } from './queue';

export type LeadFieldValue = string | boolean | undefined;
export type LeadFieldValues = Readonly<Record<string, LeadFieldValue>>;

/** What the field values are computed from: the parts of a queued job that describe the lead. */
export type LeadFieldSource = Pick<LeadJobData, 'lead' | 'origin' | 'leadId' | 'receivedAt'>;

/** Names usable in mappings and templates. */
export const LEAD_FIELDS: readonly string[] = Object.freeze([
  'LeadId',
  'ReceivedAt',
  'ActionCode',
  'ActionName',
  'OfferTitle',
  'OfferId',
  'PublisherId',
  'Source',
  'LeadSource',
  'IsTestLead',
  'Description',
  'Topic',
  'FullName',
  'UserDetails.FirstName',
  'UserDetails.LastName',
  'UserDetails.Email',
  'UserDetails.Phone',
  'UserDetails.Country',
  'UserDetails.Company',
  'UserDetails.Title',
]);

/** Fields whose value is true or false rather than text. */
const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(['IsTestLead']);

const EXTRA_PREFIX = 'Extra.';

const BY_LOWER_CASE: ReadonlyMap<string, string> = new Map(
  LEAD_FIELDS.map((name) => [name.toLowerCase(), name]),
);

/**
 * The field's name as LEAD_FIELDS spells it, or undefined for a name that is not a field.
 * Letter case is ignored: the lead's own keys are accepted in any case, so the names a person
 * writes about them are too ("userdetails.email" is "UserDetails.Email"). The key of an
 * `Extra.<key>` field is kept as written, because unknown keys are kept as Microsoft sent them.
 */
export function resolveLeadField(name: string): string | undefined {
  const known = BY_LOWER_CASE.get(name.toLowerCase());
  if (known !== undefined) return known;
  const key = name.slice(EXTRA_PREFIX.length);
  return name.toLowerCase().startsWith('extra.') && key !== '' ? EXTRA_PREFIX + key : undefined;
}

/**
 * True for a name in LEAD_FIELDS or of the form `Extra.<key>` (an unknown field Microsoft sent,
 * keyed as in lead.Extra). Letter case is ignored, as in {@link resolveLeadField}.
 */
export function isLeadField(name: string): boolean {
  return resolveLeadField(name) !== undefined;
}

/** True for a field whose value is a boolean (IsTestLead). */
export function isBooleanLeadField(name: string): boolean {
  const resolved = resolveLeadField(name);
  return resolved !== undefined && BOOLEAN_FIELDS.has(resolved);
}

/** An unknown field's value as text: strings as sent, anything else as compact JSON. */
function extraText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined; // null is how JSON says "absent"
  return typeof value === 'string' ? value : canonicalJson(value);
}

/** The values of every field for one lead (Extra.<key> included; non-string extras as compact JSON). */
export function leadFieldValues(job: LeadFieldSource): LeadFieldValues {
  const { lead, origin } = job;
  const details = lead.UserDetails;
  const fullName = [details.FirstName, details.LastName].filter(Boolean).join(' ');
  const known: Array<[string, LeadFieldValue]> = [
    ['LeadId', job.leadId || undefined],
    ['ReceivedAt', job.receivedAt || undefined],
    ['ActionCode', origin.actionCode],
    ['ActionName', actionName(origin.actionCode)],
    ['OfferTitle', lead.OfferTitle],
    ['OfferId', origin.offerId],
    ['PublisherId', origin.publisherId],
    ['Source', origin.source],
    ['LeadSource', lead.LeadSource],
    ['IsTestLead', origin.isTestLead],
    ['Description', lead.Description],
    ['Topic', leadTopic(lead, origin)],
    ['FullName', fullName || undefined],
    ['UserDetails.FirstName', details.FirstName],
    ['UserDetails.LastName', details.LastName],
    ['UserDetails.Email', details.Email],
    ['UserDetails.Phone', details.Phone],
    ['UserDetails.Country', details.Country],
    ['UserDetails.Company', details.Company],
    ['UserDetails.Title', details.Title],
  ];
  const extra = Object.entries(lead.Extra).map(([key, value]): [string, LeadFieldValue] => [
    EXTRA_PREFIX + key,
    extraText(value),
  ]);
  // fromEntries defines own properties, so a key such as "Extra.__proto__" stays plain data.
  return Object.freeze(Object.fromEntries([...known, ...extra]));
}

/**
 * One field's value, looked up as {@link resolveLeadField} spells it. An `Extra.<key>` sent in a
 * different case than written is still found (the first such key wins).
 */
export function leadFieldValue(values: LeadFieldValues, name: string): LeadFieldValue {
  const resolved = resolveLeadField(name);
  if (resolved === undefined) return undefined;
  if (Object.hasOwn(values, resolved)) return values[resolved];
  const lower = resolved.toLowerCase();
  const key = Object.keys(values).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : values[key];
}

/** A value as a person reads it: missing is empty, booleans are "yes" or "no". */
export function leadFieldText(value: LeadFieldValue): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value ?? '';
}
