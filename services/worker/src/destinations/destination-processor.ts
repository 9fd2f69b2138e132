import type { DestinationJobData } from '@leadbridge/lead-model';
import { redactText, type Logger } from '@leadbridge/service-kit';
import { UnrecoverableError, Worker, type Job, type Processor, type Queue } from 'bullmq';
import { PermanentError, ThrottledError } from '../delivery/delivery-errors';
import type { WorkerMetrics } from '../metrics';
import type { Destination } from './destination';

/** What a completed delivery job keeps: the outcome, its facts and when it happened. */
export interface DeliveredLead extends Record<string, unknown> {
  outcome: string;
  deliveredAt: string;
}

export interface DestinationProcessorDeps {
  destination: Destination;
  /** The destination's queue, to pause it for every worker when the destination throttles. */
  queue: Queue<DestinationJobData>;
  logger: Logger;
  metrics?: Pick<WorkerMetrics, 'delivery' | 'throttled'>;
}

/**
 * The error as BullMQ keeps it in Redis (the failed reason and stack trace the dashboard shows
 * and alerts repeat), scrubbed like a log line: a destination's answer may quote the lead's
 * e-mail address or phone number.
 */
function scrubbed(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  error.message = redactText(error.message);
  if (error.stack !== undefined) error.stack = redactText(error.stack);
  return error;
}

/**
 * The BullMQ entry point of one destination: delivers one lead and turns the outcome into what
 * BullMQ should do. Throttling pauses this destination's queue for Retry-After without spending
 * an attempt; a permanent failure fails the job now (it stays in the failed list for a person to
 * retry); anything else is thrown as is and retried on the worker's backoff schedule.
 */
export function destinationProcessor(
  deps: DestinationProcessorDeps,
): Processor<DestinationJobData, DeliveredLead> {
  const { destination } = deps;
  const count = (outcome: string) => deps.metrics?.delivery(destination.name, outcome);
  return async (job: Job<DestinationJobData, DeliveredLead>) => {
    const log = deps.logger.child({
      leadId: job.data.leadId,
      requestId: job.data.correlationId,
      destination: destination.name,
      attempt: job.attemptsMade + 1,
    });
    try {
      const report = await destination.deliver(job.data);
      count(report.outcome);
      log.info(report.message, report.details);
      return { ...report.details, outcome: report.outcome, deliveredAt: new Date().toISOString() };
    } catch (error) {
      if (error instanceof ThrottledError) {
        count('throttled');
        deps.metrics?.throttled(error.retryAfterMs);
        log.warn('destination is throttling: pausing its deliveries', {
          retryAfterMs: error.retryAfterMs,
          ...error.details,
        });
        await deps.queue.rateLimit(error.retryAfterMs);
        throw Worker.RateLimitError();
      }
      if (error instanceof PermanentError) {
        count('failed');
        log.error('lead cannot be delivered: kept in the failed list', {
          reason: error.message,
          ...error.details,
        });
        throw new UnrecoverableError(redactText(error.message));
      }
      count('retrying');
      log.warn('delivery failed: will retry', { reason: (error as Error).message });
      throw scrubbed(error);
    }
  };
}
