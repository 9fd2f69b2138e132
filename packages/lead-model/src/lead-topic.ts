import { actionName } from './action-names';
import type { Lead, LeadOrigin } from './types';

/** "Test Microsoft – Get it now / install (INS)", or what is known of it. */
export function leadTopic(lead: Lead, origin: LeadOrigin): string {
  const action = origin.actionCode
    ? `${actionName(origin.actionCode)}${actionName(origin.actionCode) === origin.actionCode ? '' : ` (${origin.actionCode})`}`
    : undefined;
  const offer = lead.OfferTitle ?? origin.offerId ?? 'Marketplace lead';
  const test = origin.isTestLead ? ' [Microsoft test lead]' : '';
  return `${offer}${action ? ` – ${action}` : ''}${test}`;
}
