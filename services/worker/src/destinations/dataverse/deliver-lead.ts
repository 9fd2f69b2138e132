import type { DestinationJobData } from '@leadbridge/lead-model';
import type { CompiledMapping } from '@leadbridge/lead-model/mapping';
import type { DataverseClient } from './dataverse-client';
import type { DeliveryReport } from '../../delivery/destination';
import { isDoNotContact, type DataversePolicies } from './dataverse-policies';
import { appendToOpenLead } from './append-to-open-lead';

export interface DeliverLeadDeps {
  dataverse: DataverseClient;
  mapping: CompiledMapping;
  policies: DataversePolicies;
}

function skipped(reason: string): DeliveryReport {
  return {
    outcome: 'skipped',
    message: `lead not written: ${reason}`,
    details: { skipped: reason },
  };
}

/**
 * The Dataverse delivery use case: apply the destination's policies, map the lead to columns and
 * write it exactly once, keyed by its lead id (or append it to a repeat customer's open
 * lead). Throws a ThrottledError, TransientError or PermanentError on failure.
 */
export async function deliverLead(
  job: DestinationJobData,
  { dataverse, mapping, policies }: DeliverLeadDeps,
): Promise<DeliveryReport> {
  if (job.origin.isTestLead && policies.testLeads === 'skip') {
    return skipped('Microsoft test lead (testLeads: skip)');
  }
  const doNotContact = isDoNotContact(job.origin.actionCode);
  if (doNotContact && policies.doNotContact.action === 'skip') {
    return skipped('the customer asked not to be contacted (doNotContact: skip)');
  }

  const { columns, truncated } = mapping.map(job);
  const flags: Record<string, true> = {};
  if (doNotContact) for (const column of policies.doNotContact.columns) flags[column] = true;
  Object.assign(columns, flags);

  if (policies.repeatCustomers.action === 'update-open-lead') {
    const email = job.lead.UserDetails.Email;
    const offer = columns[policies.repeatCustomers.offerColumn];
    if (email && typeof offer === 'string') {
      const query = { email, offerColumn: policies.repeatCustomers.offerColumn, offer };
      // A DNC event makes the open lead not to be contacted either, not only a note on it.
      const report = await appendToOpenLead(job, { query, columns: flags, truncated }, dataverse);
      if (report) return report;
    }
  }

  const outcome = await dataverse.createLeadOnce(job.leadId, columns);
  return {
    outcome: outcome.created ? 'written' : 'already_written',
    message: outcome.created ? 'lead written to Dataverse' : 'lead already in Dataverse',
    details: { ...outcome, truncated },
  };
}
