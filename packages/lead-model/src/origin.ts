import { parseLeadSource } from './lead-source';
import { isMicrosoftTestLead } from './test-lead';
import type { Lead, LeadOrigin } from './types';

/**
 * Where a lead came from. `ActionCode` wins over the action inside a composite `LeadSource`
 * because it is the field Microsoft documents for the HTTPS endpoint.
 */
export function describeOrigin(lead: Lead): LeadOrigin {
  const parsed = parseLeadSource(lead.LeadSource);
  const origin: LeadOrigin = { isTestLead: isMicrosoftTestLead(lead) };
  if (parsed.source !== undefined) origin.source = parsed.source;
  const actionCode = lead.ActionCode ?? parsed.actionCode;
  if (actionCode !== undefined) origin.actionCode = actionCode;
  if (parsed.offerId !== undefined) origin.offerId = parsed.offerId;
  if (parsed.publisherId !== undefined) origin.publisherId = parsed.publisherId;
  return origin;
}
