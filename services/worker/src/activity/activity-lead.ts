import type { ActivityLead } from '@leadbridge/lead-activity';
import type { LeadJobData } from '@leadbridge/lead-model';

/**
 * The lead as its activity records it: where it came from, its offer and action code, nothing
 * personal. The offer is its title when the lead has one, else the offer id.
 */
export function activityLeadOf(data: LeadJobData): ActivityLead {
  const { lead, origin, imported } = data;
  const offer = lead.OfferTitle ?? origin.offerId;
  return {
    id: data.leadId,
    receivedAt: data.receivedAt,
    source: imported?.source ?? 'marketplace',
    ...(offer !== undefined ? { offer } : {}),
    ...(origin.actionCode !== undefined ? { actionCode: origin.actionCode } : {}),
    isTestLead: origin.isTestLead,
    ...(imported
      ? {
          imported: {
            file: imported.file,
            line: imported.line,
            ...(imported.createdAt !== undefined ? { createdAt: imported.createdAt } : {}),
          },
        }
      : {}),
  };
}
