import type { DestinationJobData, LeadJobData } from './queue';
import type { Lead } from './types';

/** A job's data as found in Redis: normally the whole shape, but nothing is taken for granted. */
type StoredJobData = Partial<Omit<DestinationJobData, 'lead'>> & {
  lead?: Partial<Lead>;
  /** What jobs written by earlier versions call requestId. */
  correlationId?: string;
};

/**
 * The job's data without personal data, marked with when it was removed. What goes: the contact
 * details, the customer's description, fields Microsoft added that Leadbridge does not know (they
 * may hold anything) and the raw body. What stays says what the lead was and what became of it:
 * its ids, when it came (and from which imported file), its offer, action and source, the
 * destination and why it failed.
 */
export function withoutPersonalData(
  data: StoredJobData,
  removedAt: Date,
  failedReason?: string,
): LeadJobData & { destination?: string } {
  const source = data.lead ?? {};
  const lead: Lead = { UserDetails: {}, Extra: {} };
  if (source.ActionCode !== undefined) lead.ActionCode = source.ActionCode;
  if (source.OfferTitle !== undefined) lead.OfferTitle = source.OfferTitle;
  if (source.LeadSource !== undefined) lead.LeadSource = source.LeadSource;
  return {
    leadId: data.leadId ?? '',
    requestId: data.requestId ?? data.correlationId ?? '',
    receivedAt: data.receivedAt ?? '',
    ...(data.destination !== undefined ? { destination: data.destination } : {}),
    rawBody: '',
    lead,
    // Derived from LeadSource and ActionCode alone: no personal data.
    origin: data.origin ?? { isTestLead: false },
    // A file name, a line and a date: no personal data, and it says where the lead came from.
    ...(data.imported !== undefined ? { imported: data.imported } : {}),
    personalDataRemoved: removedAt.toISOString(),
    ...(failedReason ? { failedReason } : {}),
  };
}
