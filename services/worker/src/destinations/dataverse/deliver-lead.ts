import type { DestinationJobData } from '@leadbridge/lead-model';
import type { CompiledMapping } from '@leadbridge/lead-model/mapping';
import type { DataverseClient, OpenLeadQuery } from './dataverse-client';
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

/** The columns of the lead as a new record, with the do-not-contact flags its policy sets. */
export function newLeadColumns(
  job: DestinationJobData,
  mapping: CompiledMapping,
  policies: DataversePolicies,
): { columns: Record<string, unknown>; truncated: string[]; flags: Record<string, true> } {
  const { columns, truncated } = mapping.map(job);
  const flags: Record<string, true> = {};
  if (isDoNotContact(job.origin.actionCode)) {
    for (const column of policies.doNotContact.columns) flags[column] = true;
  }
  Object.assign(columns, flags);
  return { columns, truncated, flags };
}

/** With `update-open-lead`: the open lead a repeat customer's event may belong to. */
function repeatCustomerQuery(
  job: DestinationJobData,
  columns: Readonly<Record<string, unknown>>,
  policies: DataversePolicies,
): OpenLeadQuery | undefined {
  if (policies.repeatCustomers.action !== 'update-open-lead') return undefined;
  const email = job.lead.UserDetails.Email;
  const offer = columns[policies.repeatCustomers.offerColumn];
  if (!email || typeof offer !== 'string') return undefined;
  return { email, offerColumn: policies.repeatCustomers.offerColumn, offer };
}

/**
 * The lead's columns when it is written as a plain new record and nothing else (no policy skips
 * it, none appends it to an open lead): only such a lead may be written in bulk.
 */
export function plainNewLead(
  job: DestinationJobData,
  { mapping, policies }: Pick<DeliverLeadDeps, 'mapping' | 'policies'>,
): { columns: Record<string, unknown>; truncated: string[] } | undefined {
  if (job.origin.isTestLead && policies.testLeads === 'skip') return undefined;
  if (isDoNotContact(job.origin.actionCode) && policies.doNotContact.action === 'skip') {
    return undefined;
  }
  const { columns, truncated } = newLeadColumns(job, mapping, policies);
  return repeatCustomerQuery(job, columns, policies) ? undefined : { columns, truncated };
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

  const { columns, truncated, flags } = newLeadColumns(job, mapping, policies);
  const repeat = repeatCustomerQuery(job, columns, policies);
  if (repeat) {
    // A DNC event makes the open lead not to be contacted either, not only a note on it.
    const report = await appendToOpenLead(
      job,
      { query: repeat, columns: flags, truncated },
      dataverse,
    );
    if (report) return report;
  }

  const outcome = await dataverse.createLeadOnce(job.leadId, columns);
  return {
    outcome: outcome.created ? 'written' : 'already_written',
    message: outcome.created ? 'lead written to Dataverse' : 'lead already in Dataverse',
    details: { ...outcome, truncated },
  };
}
