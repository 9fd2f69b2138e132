import type { LeadJobData } from './queue';

/** Which leads a destination takes. */
export interface MatchSpec {
  /** `publisher.offer` ids, as in the composite LeadSource. A lead without one never matches. */
  offerId?: readonly string[];
  offerTitle?: readonly string[];
  /** Marketplace sources: "AzureMarketplace", "AppSource (SPZA)", "AzurePortal", … */
  source?: readonly string[];
  actionCode?: readonly string[];
  /** true: only Partner Center's test leads; false: only real ones. */
  testLead?: boolean;
}

/** True when the lead's value is one of the listed ones, ignoring case and surrounding spaces. */
function oneOf(list: readonly string[] | undefined, value: string | undefined): boolean {
  if (list === undefined) return true;
  if (value === undefined) return false;
  const wanted = value.trim().toLowerCase();
  return list.some((candidate) => candidate.trim().toLowerCase() === wanted);
}

/**
 * No spec, or an empty one, matches every lead. Each given criterion must hold (AND); within a
 * list any value (OR). Text compares case-insensitively. An empty list is an OR of nothing, so it
 * matches no lead.
 */
export function matchesLead(
  match: MatchSpec | undefined,
  job: Pick<LeadJobData, 'lead' | 'origin'>,
): boolean {
  if (match === undefined) return true;
  const { lead, origin } = job;
  return (
    oneOf(match.offerId, origin.offerId) &&
    oneOf(match.offerTitle, lead.OfferTitle) &&
    oneOf(match.source, origin.source) &&
    oneOf(match.actionCode, origin.actionCode) &&
    (match.testLead === undefined || match.testLead === origin.isTestLead)
  );
}
