import {
  DELIVERY_BACKOFF,
  LEAD_QUEUE,
  destinationQueueName,
  type DestinationJobData,
  type LeadJobData,
} from '@leadbridge/lead-model';
import type { LeadActivityWriter } from '@leadbridge/lead-activity';
import { withTimeout, type Logger, type RedisConnection } from '@leadbridge/service-kit';
import {
  Queue,
  Worker,
  type Job,
  type QueueOptions,
  type Telemetry,
  type WorkerOptions,
} from 'bullmq';
import type { Alert } from './alerts/alert';
import { nextRetryDelay, type RetrySchedule } from './delivery/retry-schedule';
import type { Destination } from './delivery/destination';
import {
  destinationProcessor,
  type DeliveredLead,
  type DestinationProcessorDeps,
} from './delivery/destination-processor';
import { batchProcessor } from './delivery/batch-processor';
import { createBatchJobSource, type BatchJobSource } from './delivery/batch-jobs';
import type { WorkerMetrics } from './metrics';
import { refusingErasedLeads } from './retention/refuse-erased';
import { startBacklogMonitor } from './routing/backlog-monitor';
import { batchedDeliveryAdds } from './routing/delivery-jobs';
import { UNMATCHED_REASON, routeLeadProcessor, type RoutedLead } from './routing/route-lead';

export interface LeadWorkerOptions {
  /** A worker connection (`maxRetriesPerRequest: null`). */
  connection: RedisConnection;
  prefix: string;
  destinations: readonly Destination[];
  logger: Logger;
  retrySchedule: RetrySchedule;
  lockDurationMs: number;
  /** Leads routed at once by this process; routing is a few Redis commands. @defaultValue 50 */
  routerConcurrency?: number;
  metrics?: Pick<WorkerMetrics, 'delivery' | 'throttled'>;
  /** The longest pause a Retry-After causes a destination. @defaultValue 15 minutes */
  retryAfterMaxMs?: number;
  /** Told when a lead fails for good or matches no destination. */
  alerts?: { raise(alert: Alert): Promise<unknown> };
  /** With `alerts`: raise a backlog alert when a destination has more leads waiting. */
  backlogThreshold?: number;
  /** BullMQ's telemetry for every queue and worker, carrying each lead's trace. @defaultValue none */
  telemetry?: Telemetry;
  /** Where each lead's routing and tries are recorded for the leads pages. @defaultValue nowhere */
  activity?: LeadActivityWriter;
}

/** One destination's queue and the BullMQ worker draining it. */
export interface DestinationRunner {
  destination: Destination;
  queue: Queue<DestinationJobData>;
  worker: Worker<DestinationJobData, DeliveredLead>;
}

export interface LeadWorker {
  /** The lead queue the API fills, and the worker routing it to the destinations. */
  queue: Queue<LeadJobData>;
  router: Worker<LeadJobData, RoutedLead>;
  /** By destination name. */
  destinations: ReadonlyMap<string, DestinationRunner>;
  /** Stops taking leads, waits up to `graceMs` for those in flight, then lets go of the rest. */
  close(graceMs: number): Promise<void>;
}

/** Settings every queue shares: where it is, and the trace its jobs carry. */
function queueOptions(options: LeadWorkerOptions): QueueOptions {
  return {
    connection: options.connection,
    prefix: options.prefix,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  };
}

/** Settings every queue's worker shares: crash safety and the retry window. */
function commonWorkerOptions(options: LeadWorkerOptions): WorkerOptions {
  return {
    ...queueOptions(options),
    lockDuration: options.lockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
    // A crashed worker must never cost a lead: stalled jobs are taken up again, many times.
    maxStalledCount: 100,
    settings: {
      backoffStrategy: (attemptsMade, type) =>
        type === DELIVERY_BACKOFF ? nextRetryDelay(attemptsMade, options.retrySchedule) : -1,
    },
  };
}

/**
 * Whether a transient failure of this try is the job's last: its attempts are spent, or the
 * backoff (nextRetryDelay, as BullMQ will ask it) says the retry window is over.
 */
function givesUpAfterThisTry(job: Job, schedule: RetrySchedule): boolean {
  const failures = job.attemptsMade + 1;
  return failures >= (job.opts.attempts ?? 1) || nextRetryDelay(failures, schedule) === -1;
}

/** A job's `failed` event is final when BullMQ set `finishedOn`; otherwise it will be retried. */
function failedForGood(job: Job | undefined): job is Job {
  return job?.finishedOn !== undefined;
}

/**
 * When a delivery is over, the delivery of the same lead that waits for it goes at once instead
 * of at its next look: a chat message follows its Dynamics record within a moment.
 */
function wakeWaitingDeliveries(runners: ReadonlyMap<string, DestinationRunner>, logger: Logger) {
  for (const waiting of runners.values()) {
    const awaited = waiting.destination.waitFor?.destination;
    const runner = awaited === undefined ? undefined : runners.get(awaited);
    if (!runner) continue;
    const wake = async (id: string) => {
      const job = await waiting.queue.getJob(id);
      if (job && (await job.isDelayed())) await job.promote();
    };
    const onOver = (job: Job | undefined) => {
      if (job?.id === undefined) return;
      // Promoting a job that has just left the delayed set fails harmlessly: it is on its way.
      wake(job.id).catch((error: unknown) =>
        logger.debug('waiting delivery not woken', {
          error,
          destination: waiting.destination.name,
        }),
      );
    };
    runner.worker.on('completed', onOver);
    runner.worker.on('failed', (job) => {
      if (failedForGood(job)) onOver(job);
    });
  }
}

/**
 * The worker side of Leadbridge: a router that fans each lead out to the destinations it
 * matches, and one BullMQ worker per destination, each with its own queue, rate limit, retries
 * and failed list.
 */
export function startLeadWorker(options: LeadWorkerOptions): LeadWorker {
  const { connection, logger } = options;
  // Every BullMQ queue and worker sharing the connection listens to it (its 'ready' event among
  // others): a few destinations pass Node's default of 10 listeners with no leak at all.
  const bullmqObjects = 2 * (options.destinations.length + 1);
  connection.setMaxListeners(Math.max(connection.getMaxListeners(), 10 * bullmqObjects));
  const raise = (alert: Omit<Alert, 'at'>) => {
    void options.alerts
      ?.raise({ ...alert, at: new Date().toISOString() })
      .catch((error: unknown) => {
        logger.error('alert could not be raised', { error });
      });
  };

  const queue = new Queue<LeadJobData>(LEAD_QUEUE, queueOptions(options));
  // Every destination's queue first: a destination that waits for another looks at its queue.
  const queues = new Map<string, Queue<DestinationJobData>>(
    options.destinations.map((destination) => [
      destination.name,
      new Queue<DestinationJobData>(destinationQueueName(destination.name), queueOptions(options)),
    ]),
  );
  const queueOf = (name: string): Queue<DestinationJobData> => {
    const found = queues.get(name);
    if (!found) throw new Error(`${name} is not a destination of this worker`);
    return found;
  };

  const runners = new Map<string, DestinationRunner>();
  const batchSources: BatchJobSource[] = [];
  for (const destination of options.destinations) {
    const destinationQueue = queueOf(destination.name);
    const { waitFor } = destination;
    const processorDeps: DestinationProcessorDeps = {
      destination,
      queue: destinationQueue,
      logger,
      ...(options.activity ? { activity: options.activity } : {}),
      givesUp: (job) => givesUpAfterThisTry(job, options.retrySchedule),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.retryAfterMaxMs !== undefined
        ? { retryAfterMaxMs: options.retryAfterMaxMs }
        : {}),
      ...(waitFor
        ? {
            awaited: {
              destination: waitFor.destination,
              queue: queueOf(waitFor.destination),
              leads: queue,
              maxWaitMs: waitFor.maxWaitMs,
            },
          }
        : {}),
    };
    // Bulk writes need the queue's waiting jobs to themselves: not for a destination that waits.
    const batches =
      destination.bulk && !waitFor
        ? {
            bulk: destination.bulk,
            jobs: createBatchJobSource(destinationQueue.name, {
              ...commonWorkerOptions(options),
              lockDuration: options.lockDurationMs,
            }),
          }
        : undefined;
    if (batches) batchSources.push(batches.jobs);
    const worker: Worker<DestinationJobData, DeliveredLead> = new Worker<
      DestinationJobData,
      DeliveredLead
    >(
      destinationQueue.name,
      batches
        ? batchProcessor({
            ...processorDeps,
            ...batches,
            // A job of a batch settles as the worker's own: the same listeners hear of it.
            settled: (job, outcome) =>
              'result' in outcome
                ? worker.emit('completed', job, outcome.result, 'active')
                : worker.emit('failed', job, outcome.error, 'active'),
          })
        : refusingErasedLeads(destinationProcessor(processorDeps)),
      {
        ...commonWorkerOptions(options),
        concurrency: destination.concurrency,
        ...(destination.rateLimit
          ? {
              limiter: {
                max: destination.rateLimit.max,
                duration: destination.rateLimit.durationMs,
              },
            }
          : {}),
      },
    );
    worker.on('failed', (job, error) => {
      if (!failedForGood(job)) return;
      raise({
        kind: 'delivery-failed',
        destination: destination.name,
        // The job id, not the data's lead id: data edited in Redis may hold anything.
        leadId: job.id ?? '',
        reason: error.message,
      });
    });
    worker.on('error', (error) =>
      logger.error('worker error', { error, destination: destination.name }),
    );
    destinationQueue.on('error', (error) =>
      logger.error('queue error', { error, destination: destination.name }),
    );
    runners.set(destination.name, { destination, queue: destinationQueue, worker });
  }
  wakeWaitingDeliveries(runners, logger);

  const router = new Worker<LeadJobData, RoutedLead>(
    LEAD_QUEUE,
    refusingErasedLeads(
      routeLeadProcessor({
        destinations: options.destinations,
        queues,
        logger,
        ...(options.activity ? { activity: options.activity } : {}),
        // With tracing, each delivery's trace starts at its own add, as BullMQ links it.
        ...(options.telemetry ? {} : { addDelivery: batchedDeliveryAdds() }),
      }),
    ),
    { ...commonWorkerOptions(options), concurrency: options.routerConcurrency ?? 50 },
  );
  router.on('failed', (job, error) => {
    if (!failedForGood(job)) return;
    raise({
      kind: error.message === UNMATCHED_REASON ? 'unmatched' : 'delivery-failed',
      leadId: job.id ?? '',
      reason: error.message,
    });
  });
  router.on('error', (error) => logger.error('router error', { error }));
  queue.on('error', (error) => logger.error('queue error', { error }));

  const backlog =
    options.alerts && options.backlogThreshold !== undefined
      ? startBacklogMonitor({
          queues,
          threshold: options.backlogThreshold,
          raise,
          logger,
        })
      : undefined;

  const workers = [router, ...[...runners.values()].map((runner) => runner.worker)];
  const allQueues = [queue, ...queues.values()];
  return {
    queue,
    router,
    destinations: runners,
    async close(graceMs) {
      backlog?.stop();
      try {
        await withTimeout(
          Promise.all([
            ...workers.map((worker) => worker.close()),
            ...batchSources.map((source) => source.close()),
          ]),
          graceMs,
          'finishing leads in flight',
        );
      } catch {
        // Their locks lapse and another worker (or this one, restarted) delivers them again;
        // the create-only write makes that harmless.
        logger.warn('leads still in flight at shutdown: they will be delivered after a restart');
        return;
      }
      await Promise.all(allQueues.map((item) => item.close()));
      await Promise.all(options.destinations.map((destination) => destination.close()));
    },
  };
}
