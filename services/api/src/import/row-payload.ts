import { headerKey, type ColumnTarget, type ImportField } from './import-fields';

/**
 * Partner Center shows the customer's action by its button; the HTTPS endpoint gets its code.
 * `INS` covers both "Get it now" and "Free trial" (Microsoft's lead management documentation).
 */
const ACTION_CODES: ReadonlyMap<string, string> = new Map([
  ['getitnow', 'INS'],
  ['freetrial', 'INS'],
  ['contactme', 'PLT'],
  ['testdrive', 'StartTestDrive'],
  ['donotcontact', 'DNC'],
]);

/** Partner Center's names for where a lead came from, as the HTTPS endpoint spells them. */
const SOURCES: ReadonlyMap<string, string> = new Map([
  ['azuremarketplace', 'AzureMarketplace'],
  ['azureportal', 'AzurePortal'],
  ['appsource', 'AppSource (SPZA)'],
]);

const TOP_LEVEL = new Set(['actioncode', 'offertitle', 'leadsource', 'description', 'userdetails']);

/** "Some One" → first "Some", last "One"; one word is a last name (Dynamics requires one). */
function splitName(full: string): { first?: string; last: string } {
  const words = full.trim().split(/\s+/);
  const last = words.pop() ?? '';
  return words.length > 0 ? { first: words.join(' '), last } : { last };
}

/**
 * The payload Microsoft would have POSTed for a row, from what each column fills, and the row's
 * creation time as written. Blank cells are left out, as the API drops blank values. An offer id
 * goes into `LeadSource` in Microsoft's composite form (`AzureMarketplace|publisher.offer`), where
 * routing and the mapping read it.
 */
export function payloadOf(
  fields: readonly string[],
  targets: readonly ColumnTarget[],
): { body: Record<string, unknown>; createdAt?: string } {
  const known = new Map<ImportField, string>();
  const extra: [string, string][] = [];
  fields.forEach((raw, index) => {
    const value = raw.trim();
    const target = targets[index];
    if (value === '' || !target || target.kind === 'ignore') return;
    if (target.kind === 'field') known.set(target.field, value);
    else extra.push([target.key, value]);
  });

  const details: Record<string, string> = {};
  for (const [field, value] of known) {
    if (field.startsWith('UserDetails.')) details[field.slice('UserDetails.'.length)] = value;
  }
  const full = known.get('FullName');
  if (full !== undefined && details.FirstName === undefined && details.LastName === undefined) {
    const { first, last } = splitName(full);
    if (first !== undefined) details.FirstName = first;
    details.LastName = last;
  }

  const body: Record<string, unknown> = { UserDetails: details };
  const action = known.get('ActionCode');
  if (action !== undefined) body.ActionCode = ACTION_CODES.get(headerKey(action)) ?? action;
  const offerTitle = known.get('OfferTitle');
  if (offerTitle !== undefined) body.OfferTitle = offerTitle;
  const given = known.get('LeadSource');
  const source = given === undefined ? undefined : (SOURCES.get(headerKey(given)) ?? given);
  const offerId = known.get('OfferId');
  const leadSource = offerId === undefined ? source : `${source ?? ''}|${offerId}`;
  if (leadSource !== undefined) body.LeadSource = leadSource;
  const description = known.get('Description');
  if (description !== undefined) body.Description = description;
  for (const [key, value] of extra) {
    // An unknown column named like a payload field (a second "Description") must not replace it.
    const clash = TOP_LEVEL.has(key.toLowerCase()) || key in body;
    body[clash ? `${key} (2)` : key] = value;
  }
  const createdAt = known.get('CreatedAt');
  return createdAt === undefined ? { body } : { body, createdAt };
}
