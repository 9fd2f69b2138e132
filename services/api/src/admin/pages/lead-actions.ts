import type { Job } from 'bullmq';
import { destinationQueue } from './bull-board-links';
import { recordLeadAction, type LeadActionEvent } from './lead-action-record';
import type { PagesDeps } from './pages-deps';

/** How an action went, as the lead page's note tells it after the redirect. */
/** Who acts: the name for the audit line and the timeline, and their Entra ID object id. */
export type ActionBy = Pick<LeadActionEvent, 'by' | 'byId'>;

export type ActionOutcome = 'retried' | 'replayed' | 'not-failed' | 'no-job';

async function retryIfFailed(job: Job | undefined): Promise<boolean | undefined> {
  if (!job) return undefined;
  if ((await job.getState()) !== 'failed') return false;
  await job.retry('failed');
  return true;
}

/** Tries the lead's delivery to one destination again: its failed job goes back to waiting. */
export async function retryDelivery(
  deps: PagesDeps,
  leadId: string,
  destination: string,
  by: ActionBy,
): Promise<ActionOutcome> {
  const queue = destinationQueue(deps.destinationQueues, destination);
  const done = await retryIfFailed(queue ? await queue.getJob(leadId) : undefined);
  if (done === undefined) return 'no-job';
  if (!done) return 'not-failed';
  await recordLeadAction(deps, {
    kind: 'retried',
    leadId,
    destination,
    ...by,
    at: new Date().toISOString(),
  });
  return 'retried';
}

/**
 * Routes an unmatched lead again (after the routing rules changed): the routing job that found
 * no destination goes back to waiting.
 */
export async function replayLead(
  deps: PagesDeps,
  leadId: string,
  by: ActionBy,
): Promise<ActionOutcome> {
  const done = await retryIfFailed(await deps.queue.getJob(leadId));
  if (done === undefined) return 'no-job';
  if (!done) return 'not-failed';
  await recordLeadAction(deps, { kind: 'replayed', leadId, ...by, at: new Date().toISOString() });
  return 'replayed';
}
