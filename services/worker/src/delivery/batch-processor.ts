import { checkDestinationJobData, type DestinationJobData } from '@leadbridge/lead-model';
import { DelayedError, type Job, type Processor } from 'bullmq';
import { refusingErasedLeads } from '../retention/refuse-erased';
import type { BatchJobSource, TakenJob } from './batch-jobs';
import type { BulkDelivery, DeliveryReport } from './destination';
import { freshLeadsFirst } from './fresh-leads-first';
import {
  destinationProcessor,
  type DeliveredLead,
  type DestinationProcessorDeps,
} from './destination-processor';

type DeliveryJob = Job<DestinationJobData, DeliveredLead>;
type Outcome = PromiseSettledResult<DeliveryReport>;

// What Worker.RateLimitError() carries: the job goes back to wait, spending no attempt.
const RATE_LIMITED = 'bullmq:rateLimitExceeded';

/**
 * Batches one worker process writes at once for a destination. Dataverse's execution-time limit,
 * 20 minutes per 5 minutes, is four requests running all the time, and a request's execution
 * time is all of its time in Dataverse: three batches at once stay under it however long a
 * record takes to write, with room for the single writes beside them. More would be answered
 * 429 once the backlog outlasts a few minutes of budget, and the pause that follows holds fresh
 * leads back too. A delivery that finds them all running waits for one to end and then writes
 * its own batch: written alone instead, it would spend the requests the batches need.
 */
export const MAX_BATCHES_IN_FLIGHT = 3;

export interface BatchProcessorDeps extends DestinationProcessorDeps {
  bulk: BulkDelivery;
  jobs: BatchJobSource;
  /**
   * Told when a job taken for a batch is settled, as the queue's worker tells of its own jobs
   * (its `completed` and `failed` events: alerts, deliveries waiting for this one).
   */
  settled?(job: DeliveryJob, outcome: { result: DeliveredLead } | { error: Error }): void;
}

/** The lead's data when it may go in a batch: it holds to the contract and is a plain create. */
function batchable(job: DeliveryJob, deps: BatchProcessorDeps): DestinationJobData | undefined {
  if (job.data.personalDataRemoved !== undefined) return undefined;
  const check = checkDestinationJobData(job.data, deps.destination.name);
  return check.ok && deps.bulk.takes(check.data) ? check.data : undefined;
}

/**
 * The destination's processor, writing leads in bulk while its queue has a backlog: the job
 * BullMQ gives it takes up to batch size − 1 more waiting jobs (those that arrived in the last
 * minute first, a few per batch, then the oldest), the batch is written in one request and each
 * lead then goes through the single path's own steps (activity, log line, metrics, what BullMQ
 * does with the job) with its own outcome. With no backlog, with the
 * destination unable to write in bulk, or for a lead that is not a plain create, it is the
 * single path itself: a fresh lead is written at once, by itself.
 */
export function batchProcessor(
  deps: BatchProcessorDeps,
): Processor<DestinationJobData, DeliveredLead> {
  const { bulk, jobs, logger } = deps;
  const log = logger.child({ destination: deps.destination.name });
  const single = refusingErasedLeads(destinationProcessor(deps));
  // One 429 answered the whole batch: only the job BullMQ gave counts it as a throttling answer
  // (each lead still counts its own `throttled` delivery outcome).
  const { metrics } = deps;
  const extraDeps: DestinationProcessorDeps = metrics
    ? { ...deps, metrics: { delivery: metrics.delivery, throttled: () => undefined } }
    : deps;
  const withOutcome = (outcome: Outcome, own = false) =>
    refusingErasedLeads(
      destinationProcessor(own ? deps : extraDeps, () =>
        outcome.status === 'fulfilled'
          ? Promise.resolve(outcome.value)
          : Promise.reject(outcome.reason as Error),
      ),
    );
  let saidUnavailable = false;

  const available = async (): Promise<boolean> => {
    try {
      if (await bulk.available()) return true;
      if (!saidUnavailable) {
        saidUnavailable = true;
        log.warn('the org has no CreateMultiple for leads: writing them one by one');
      }
    } catch (error) {
      log.warn('could not ask whether the org writes leads in bulk: writing one by one for now', {
        reason: (error as Error).message,
      });
    }
    return false;
  };

  /** Does with a taken job what the queue's worker does with its own once processed. */
  const settle = async ({ job, token }: TakenJob, run: Promise<DeliveredLead>) => {
    try {
      const result = await run;
      await job.moveToCompleted(result, token, false);
      deps.settled?.(job, { result });
    } catch (error) {
      // Waiting for another delivery: the job was moved to delayed already.
      if (error instanceof DelayedError) return;
      // Throttled: the queue is paused for Retry-After; back to wait like the worker's own job.
      if (error instanceof Error && error.message === RATE_LIMITED) {
        await job.moveToWait(token);
        return;
      }
      await job.moveToFailed(error as Error, token, false);
      deps.settled?.(job, { error: error as Error });
    }
  };

  const settleSafely = (taken: TakenJob, run: Promise<DeliveredLead>) =>
    settle(taken, run).catch((error: unknown) =>
      // Its lock lost meanwhile: the stalled check gives the job to a worker again.
      log.warn('a lead of a batch could not be settled: it will be delivered again', {
        jobId: taken.job.id,
        reason: (error as Error).message,
      }),
    );

  const batchSlots = createSlots(MAX_BATCHES_IN_FLIGHT);

  return async (job, token) => {
    const data = token === undefined ? undefined : batchable(job, deps);
    if (
      token === undefined ||
      data === undefined ||
      (await deps.queue.getWaitingCount()) < bulk.settings.backlog ||
      !(await available())
    ) {
      return single(job, token);
    }
    const leave = await batchSlots.enter();
    try {
      return await writeBatch(job, token, data);
    } finally {
      leave();
    }
  };

  async function writeBatch(
    job: DeliveryJob,
    token: string,
    data: DestinationJobData,
  ): Promise<DeliveredLead> {
    // Leads that arrived while the backlog drains go in this batch, not behind the backlog: a
    // tenth of the batch at most, so the oldest keep moving too.
    await freshLeadsFirst(deps.queue, Math.ceil(bulk.settings.batchSize / 10)).catch(
      (error: unknown) =>
        // Only the order is lost: every lead is still written.
        log.warn('could not put fresh leads ahead of the backlog', {
          reason: (error as Error).message,
        }),
    );
    const taken = await jobs.take(bulk.settings.batchSize - 1);
    if (taken.length === 0) return single(job, token);
    const release = jobs.keepLocked(taken);
    try {
      const batch: { taken: TakenJob; data: DestinationJobData }[] = [];
      const others: Promise<void>[] = [];
      for (const item of taken) {
        const itemData = batchable(item.job, deps);
        if (itemData) batch.push({ taken: item, data: itemData });
        else others.push(settleSafely(item, single(item.job, item.token)));
      }
      const outcomes = await bulk
        .deliverMany([data, ...batch.map((item) => item.data)])
        .catch((error: unknown) =>
          batch
            .map((): Outcome => ({ status: 'rejected', reason: error }))
            .concat({ status: 'rejected', reason: error }),
        );
      const [own, ...theirs] = outcomes;
      const settling = batch.map((item, index) => {
        const outcome: Outcome = theirs[index] ?? {
          status: 'rejected',
          reason: new Error('no outcome for a lead of its batch'),
        };
        return settleSafely(item.taken, withOutcome(outcome)(item.taken.job, item.taken.token));
      });
      try {
        return await withOutcome(
          own ?? { status: 'rejected', reason: new Error('no outcome') },
          true,
        )(job, token);
      } finally {
        await Promise.all([...settling, ...others]);
      }
    } finally {
      release();
    }
  }
}

/** At most `size` at once; the others wait their turn, first come first served. */
function createSlots(size: number): { enter(): Promise<() => void> } {
  let free = size;
  const waiting: (() => void)[] = [];
  const leave = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    async enter() {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      return leave;
    },
  };
}
