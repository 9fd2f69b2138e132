import type { LeadJobData } from '@leadbridge/lead-model';
import { UnrecoverableError, type Processor } from 'bullmq';

/**
 * The processor, except for a lead whose personal data was removed: retried from the dashboard,
 * it would write a lead with no contact details, so it fails again at once, saying why and
 * keeping the reason it had failed with.
 */
export function refusingErasedLeads<T extends LeadJobData, R>(
  processor: Processor<T, R>,
): Processor<T, R> {
  return async (job, token, signal) => {
    const { personalDataRemoved, failedReason } = job.data;
    if (personalDataRemoved !== undefined) {
      const why = `personal data removed ${personalDataRemoved}: this lead can no longer be delivered`;
      throw new UnrecoverableError(failedReason ? `${failedReason} (${why})` : why);
    }
    return processor(job, token, signal);
  };
}
