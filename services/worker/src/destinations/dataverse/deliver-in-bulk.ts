import type { DestinationJobData } from '@leadbridge/lead-model';
import { PermanentError } from '../../delivery/delivery-errors';
import type { DeliveryReport } from '../../delivery/destination';
import { API_PATH, type DataverseClient } from './dataverse-client';
import { deliverLead, plainNewLead, type DeliverLeadDeps } from './deliver-lead';

export interface DeliverInBulkDeps extends DeliverLeadDeps {
  /** Told of each `CreateMultiple` request that wrote its batch. */
  wroteBatch?(leads: number): void;
}

type Outcome = PromiseSettledResult<DeliveryReport>;

interface BatchLead {
  job: DestinationJobData;
  columns: Record<string, unknown>;
  truncated: unknown;
}

function written(lead: BatchLead, dataverse: DataverseClient): Outcome {
  const { leadId } = lead.job;
  return {
    status: 'fulfilled',
    value: {
      outcome: 'written',
      message: 'lead written to Dataverse in bulk',
      details: {
        created: true,
        recordId: leadId,
        entityUrl: `${dataverse.orgUrl}${API_PATH}/leads(${leadId})`,
        truncated: lead.truncated,
        bulk: true,
      },
    },
  };
}

/** The single create-only write of one lead: a 412 there is the lead already written. */
function alone(lead: BatchLead, deps: DeliverInBulkDeps): Promise<Outcome> {
  return deliverLead(lead.job, deps).then(
    (value): Outcome => ({ status: 'fulfilled', value }),
    (reason: unknown): Outcome => ({ status: 'rejected', reason }),
  );
}

// Answers that may come from one target of the batch: a bad column or value (400), a key
// (412 other than a duplicate), a record too large (413), an id that is no GUID (no answer).
const TARGET_STATUSES = new Set([400, 412, 413, undefined]);

/**
 * What a permanent refusal of a batch is about: some `target` (look for it by halves), the
 * `action` (404: the org no longer knows CreateMultiple; write each lead alone), or the
 * `request` as such (403: the app may not write leads), which every lead would meet alone too.
 */
function refusalOf(error: PermanentError): 'target' | 'action' | 'request' {
  const { status } = error.details;
  if (status === 404) return 'action';
  return TARGET_STATUSES.has(status) ? 'target' : 'request';
}

/**
 * Writes the batch in one request, all or nothing. A duplicate key (a batch sent again after a
 * lost answer, or some leads written by a worker that died) is settled lead by lead with the
 * create-only write, which reports those as already written. A refusal of the request as such
 * (throttled, no answer, a server error, no privilege) is each lead's outcome; a refusal of some
 * target (a bad column, a bad id) is looked for by halves, so only the bad leads fail.
 */
async function writeBatch(
  leads: readonly BatchLead[],
  deps: DeliverInBulkDeps,
): Promise<Outcome[]> {
  if (leads.length === 0) return [];
  const [only] = leads;
  if (only !== undefined && leads.length === 1) return [await alone(only, deps)];
  let answer: 'created' | 'duplicate';
  try {
    answer = await deps.dataverse.createLeadsTogether(
      leads.map(({ job, columns }) => ({ recordId: job.leadId, columns })),
    );
  } catch (error) {
    const about = error instanceof PermanentError ? refusalOf(error) : 'request';
    if (about === 'request') return leads.map(() => ({ status: 'rejected', reason: error }));
    if (about === 'action') return Promise.all(leads.map((lead) => alone(lead, deps)));
    const half = Math.ceil(leads.length / 2);
    const first = await writeBatch(leads.slice(0, half), deps);
    return [...first, ...(await writeBatch(leads.slice(half), deps))];
  }
  if (answer === 'duplicate') return Promise.all(leads.map((lead) => alone(lead, deps)));
  deps.wroteBatch?.(leads.length);
  return leads.map((lead) => written(lead, deps.dataverse));
}

/**
 * Delivers leads that are plain new records (`plainNewLead`) with `CreateMultiple`, each keeping
 * its lead id as `leadid` so that it is never written twice; any other lead given is delivered
 * alone, as `deliverLead` would.
 */
export async function deliverInBulk(
  jobs: readonly DestinationJobData[],
  deps: DeliverInBulkDeps,
): Promise<Outcome[]> {
  const outcomes = new Array<Outcome | undefined>(jobs.length);
  const batch: (BatchLead & { index: number })[] = [];
  const others: Promise<void>[] = [];
  jobs.forEach((job, index) => {
    const plain = plainNewLead(job, deps);
    if (plain) {
      batch.push({ job, ...plain, index });
    } else {
      others.push(
        alone({ job, columns: {}, truncated: [] }, deps).then((outcome) => {
          outcomes[index] = outcome;
        }),
      );
    }
  });
  const [batchOutcomes] = await Promise.all([writeBatch(batch, deps), ...others]);
  batch.forEach((lead, at) => {
    outcomes[lead.index] = batchOutcomes[at];
  });
  return outcomes.map(
    (outcome): Outcome =>
      outcome ?? { status: 'rejected', reason: new Error('lead left out of its batch') },
  );
}
