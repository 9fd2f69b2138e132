import type { DestinationJobData } from '@leadbridge/lead-model';
import type { DataverseClient, OpenLeadQuery } from './dataverse-client';
import type { DeliveryReport } from '../../delivery/destination';
import { TransientError } from '../../delivery/delivery-errors';
import { appendEvent, describeEvent, eventMarker } from './repeat-customer';

/**
 * Reads, appends and writes again at most this often when other deliveries keep changing the open
 * lead in between; then the job is retried later like any transient failure.
 */
export const MAX_APPEND_ROUNDS = 5;

export interface OpenLeadUpdate {
  query: OpenLeadQuery;
  /** Columns written with the event: the do-not-contact flags of a DNC event, otherwise none. */
  columns: Readonly<Record<string, unknown>>;
  /** Columns the mapping cut, kept in the report. */
  truncated: unknown;
}

/**
 * Appends a repeat customer's event to their open lead for this offer. Undefined when there is no
 * open lead but this lead's own record: the caller creates (or confirms) it. Each write names the
 * version it read, so when two events of one customer are delivered at once the slower write is
 * refused, reads the record again and appends to what the faster one wrote: no event is lost.
 */
export async function appendToOpenLead(
  job: DestinationJobData,
  { query, columns, truncated }: OpenLeadUpdate,
  dataverse: DataverseClient,
): Promise<DeliveryReport | undefined> {
  for (let round = 1; round <= MAX_APPEND_ROUNDS; round++) {
    const open = await dataverse.findOpenLead(query);
    // Our own record found again means an earlier attempt created it: nothing more to do here.
    if (!open || open.recordId === job.leadId) return undefined;
    const details = { recordId: open.recordId, repeatCustomer: true, truncated };
    if (open.description.includes(eventMarker(job.leadId))) {
      return { outcome: 'already_written', message: 'event already on the open lead', details };
    }
    const description = appendEvent(open.description, describeEvent(job));
    const outcome = await dataverse.updateLead(
      open.recordId,
      { ...columns, description },
      open.etag,
    );
    if (outcome === 'updated') {
      return { outcome: 'updated', message: 'event appended to the open lead', details };
    }
  }
  throw new TransientError(
    `updating the open lead: it changed ${MAX_APPEND_ROUNDS} times while this event was appended`,
  );
}
