/** What the `LeadSource` field says, in either of its documented forms. */
export interface ParsedLeadSource {
  source?: string;
  actionCode?: string;
  offerId?: string;
  publisherId?: string;
}

// An action code is a single word (INS, PLT, DNC, Create, StartTestDrive).
const ACTION_CODE = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Parses `AzureMarketplace` (plain) and `AzureMarketplace-INS|contoso.contoso-widget-byol`
 * (composite `Source-Action|publisher.offer`). Anything else is returned as the source, untouched.
 */
export function parseLeadSource(value: string | undefined): ParsedLeadSource {
  if (!value) return {};
  const bar = value.indexOf('|');
  const head = (bar === -1 ? value : value.slice(0, bar)).trim();
  const offerId = bar === -1 ? undefined : value.slice(bar + 1).trim() || undefined;

  const result: ParsedLeadSource = {};
  const dash = head.lastIndexOf('-');
  const suffix = dash === -1 ? '' : head.slice(dash + 1).trim();
  if (dash > 0 && ACTION_CODE.test(suffix)) {
    result.source = head.slice(0, dash).trim();
    result.actionCode = suffix;
  } else if (head) {
    result.source = head;
  }
  if (offerId) {
    result.offerId = offerId;
    const dot = offerId.indexOf('.');
    if (dot > 0) result.publisherId = offerId.slice(0, dot);
  }
  return result;
}
