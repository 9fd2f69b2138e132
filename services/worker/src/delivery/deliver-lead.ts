import type { CompiledMapping, DestinationJobData } from '@leadbridge/lead-model';
import type { DataverseClient } from '../dataverse/dataverse-client';
import type { DeliveryReport } from '../destinations/destination';
import { isDoNotContact, type DataversePolicies } from '../destinations/dataverse-policies';
import { appendEvent, describeEvent, eventMarker } from './repeat-customer';

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
 * write it exactly once, keyed by its deterministic id (or append it to a repeat customer's open
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
  if (doNotContact) for (const column of policies.doNotContact.columns) columns[column] = true;

  if (policies.repeatCustomers.action === 'update-open-lead') {
    const email = job.lead.UserDetails.Email;
    const offer = columns[policies.repeatCustomers.offerColumn];
    if (email && typeof offer === 'string') {
      const open = await dataverse.findOpenLead({
        email,
        offerColumn: policies.repeatCustomers.offerColumn,
        offer,
      });
      // Our own record found again means an earlier attempt created it: nothing more to do.
      if (open && open.recordId !== job.leadId) {
        const details = { recordId: open.recordId, repeatCustomer: true, truncated };
        if (open.description.includes(eventMarker(job.leadId))) {
          return { outcome: 'already_written', message: 'event already on the open lead', details };
        }
        const description = appendEvent(open.description, describeEvent(job));
        await dataverse.updateLead(open.recordId, { description });
        return { outcome: 'updated', message: 'event appended to the open lead', details };
      }
    }
  }

  const outcome = await dataverse.createLeadOnce(job.leadId, columns);
  return {
    outcome: outcome.created ? 'written' : 'already_written',
    message: outcome.created ? 'lead written to Dataverse' : 'lead already in Dataverse',
    details: { ...outcome, truncated },
  };
}
