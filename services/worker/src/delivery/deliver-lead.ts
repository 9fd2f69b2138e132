import { mapLeadToDataverse, type LeadJobData } from '@leadbridge/lead-model';
import type { DataverseClient, WriteOutcome } from '../dataverse/dataverse-client';

export interface DeliveryResult extends WriteOutcome {
  /** Columns cut to fit; their full values are in the description. */
  truncated: string[];
}

/**
 * The delivery use case: map the lead to Dataverse columns and write it exactly once, keyed by
 * its deterministic id. Throws a ThrottledError, TransientError or PermanentError on failure.
 */
export async function deliverLead(
  job: LeadJobData,
  dataverse: DataverseClient,
): Promise<DeliveryResult> {
  const { columns, truncated } = mapLeadToDataverse(job.lead, job.origin, job.leadId);
  const outcome = await dataverse.createLeadOnce(job.leadId, columns);
  return { ...outcome, truncated };
}
