import { DELIVERY_BACKOFF, LEAD_QUEUE, type LeadJobData } from '@leadbridge/lead-model';
import { withTimeout, type Logger } from '@leadbridge/service-kit';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataverseClient } from './dataverse/dataverse-client';
import { nextRetryDelay, type RetrySchedule } from './delivery/retry-schedule';
import { leadProcessor, type DeliveredLead } from './lead-processor';
import type { WorkerMetrics } from './metrics';

export interface LeadWorkerOptions {
  /** A worker connection (`maxRetriesPerRequest: null`). */
  connection: Redis;
  prefix: string;
  dataverse: DataverseClient;
  logger: Logger;
  /** Leads delivered at once by this process. */
  concurrency: number;
  /** Leads started per window, shared by every worker on the queue. */
  rateLimit: { max: number; durationMs: number };
  retrySchedule: RetrySchedule;
  lockDurationMs: number;
  metrics?: Pick<WorkerMetrics, 'delivery' | 'throttled'>;
}

export interface LeadWorker {
  worker: Worker<LeadJobData, DeliveredLead>;
  queue: Queue<LeadJobData>;
  /** Stops taking leads, waits up to `graceMs` for those in flight, then lets go of the rest. */
  close(graceMs: number): Promise<void>;
}

/** The BullMQ worker that drains the lead queue into Dataverse. */
export function startLeadWorker(options: LeadWorkerOptions): LeadWorker {
  const { connection, prefix, logger } = options;
  const queue = new Queue<LeadJobData>(LEAD_QUEUE, { connection, prefix });
  const worker = new Worker<LeadJobData, DeliveredLead>(
    LEAD_QUEUE,
    leadProcessor({
      dataverse: options.dataverse,
      queue,
      logger,
      ...(options.metrics ? { metrics: options.metrics } : {}),
    }),
    {
      connection,
      prefix,
      concurrency: options.concurrency,
      limiter: { max: options.rateLimit.max, duration: options.rateLimit.durationMs },
      lockDuration: options.lockDurationMs,
      stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
      // A crashed worker must never cost a lead: stalled jobs are taken up again, many times.
      maxStalledCount: 100,
      settings: {
        backoffStrategy: (attemptsMade, type) =>
          type === DELIVERY_BACKOFF ? nextRetryDelay(attemptsMade, options.retrySchedule) : -1,
      },
    },
  );
  worker.on('error', (error) => logger.error('worker error', { error }));
  queue.on('error', (error) => logger.error('queue error', { error }));

  return {
    worker,
    queue,
    async close(graceMs) {
      try {
        await withTimeout(worker.close(), graceMs, 'finishing leads in flight');
      } catch {
        // Their locks lapse and another worker (or this one, restarted) delivers them again;
        // the create-only write makes that harmless.
        logger.warn('leads still in flight at shutdown: they will be delivered after a restart');
        return;
      }
      await queue.close();
    },
  };
}
