import type { LeadJobData } from '@leadbridge/lead-model';
import type { Logger } from '@leadbridge/service-kit';
import { UnrecoverableError, Worker, type Job, type Processor, type Queue } from 'bullmq';
import type { DataverseClient } from './dataverse/dataverse-client';
import { deliverLead } from './delivery/deliver-lead';
import { PermanentError, ThrottledError } from './delivery/delivery-errors';
import type { WorkerMetrics } from './metrics';

/** What a completed job keeps: where the lead now lives in Dataverse. */
export interface DeliveredLead {
  recordId: string;
  entityUrl: string;
  created: boolean;
  truncated: string[];
  deliveredAt: string;
}

export interface LeadProcessorDeps {
  dataverse: DataverseClient;
  /** The lead queue, to pause it for every worker when Dataverse throttles. */
  queue: Queue<LeadJobData>;
  logger: Logger;
  metrics?: Pick<WorkerMetrics, 'delivery' | 'throttled'>;
}

/**
 * The BullMQ entry point: delivers one lead and turns the outcome into what BullMQ should do.
 * Throttling pauses the whole queue for Retry-After without spending an attempt; a permanent
 * failure fails the job now (it stays in the failed list for a person to retry); anything else
 * is thrown as is and retried on the worker's backoff schedule.
 */
export function leadProcessor(deps: LeadProcessorDeps): Processor<LeadJobData, DeliveredLead> {
  const count = (outcome: string) => deps.metrics?.delivery(outcome);
  return async (job: Job<LeadJobData, DeliveredLead>) => {
    const log = deps.logger.child({
      leadId: job.data.leadId,
      requestId: job.data.correlationId,
      attempt: job.attemptsMade + 1,
    });
    try {
      const result = await deliverLead(job.data, deps.dataverse);
      count(result.created ? 'written' : 'already_written');
      log.info(result.created ? 'lead written to Dataverse' : 'lead already in Dataverse', {
        recordId: result.recordId,
        ...(result.truncated.length > 0 ? { truncated: result.truncated } : {}),
      });
      return { ...result, deliveredAt: new Date().toISOString() };
    } catch (error) {
      if (error instanceof ThrottledError) {
        count('throttled');
        deps.metrics?.throttled(error.retryAfterMs);
        log.warn('Dataverse is throttling: pausing deliveries', {
          retryAfterMs: error.retryAfterMs,
          ...error.details,
        });
        await deps.queue.rateLimit(error.retryAfterMs);
        throw Worker.RateLimitError();
      }
      if (error instanceof PermanentError) {
        count('failed');
        log.error('lead cannot be written: kept in the failed list', {
          reason: error.message,
          ...error.details,
        });
        throw new UnrecoverableError(error.message);
      }
      count('retrying');
      log.warn('delivery failed: will retry', { reason: (error as Error).message });
      throw error;
    }
  };
}
