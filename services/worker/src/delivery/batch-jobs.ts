import type { DestinationJobData } from '@leadbridge/lead-model';
import { Worker, type Job, type WorkerOptions } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { DeliveredLead } from './destination-processor';

/** A job taken out of the waiting list for a batch, locked with its own token. */
export interface TakenJob {
  job: Job<DestinationJobData, DeliveredLead>;
  token: string;
}

/** Where a batch's extra leads come from: the destination queue's waiting jobs. */
export interface BatchJobSource {
  /** Up to `count` waiting jobs, each moved to active and locked as a worker takes it. */
  take(count: number): Promise<TakenJob[]>;
  /** Keeps the jobs' locks while their batch is written; call the answer when they are settled. */
  keepLocked(jobs: readonly TakenJob[]): () => void;
  close(): Promise<void>;
}

/**
 * BullMQ (open source) processes one job per processor call, so a batch takes its extra jobs
 * through a worker of the same queue that does not run by itself (`autorun: false`) and
 * `getNextJob`, BullMQ's documented way of processing jobs by hand. Each job is then active and
 * locked like any other: if this process dies, the stalled-job check gives it to another
 * worker, and its create-only write (its record id is its lead id) keeps that harmless. The
 * worker has the same options as the queue's own, so a failure retries on the same schedule.
 */
export function createBatchJobSource(
  queueName: string,
  options: WorkerOptions & { lockDuration: number },
): BatchJobSource {
  let worker: Worker<DestinationJobData, DeliveredLead> | undefined;
  const manual = () => {
    // Made on first use: a destination never in backlog never opens its blocking connection.
    worker ??= new Worker<DestinationJobData, DeliveredLead>(queueName, null, {
      ...options,
      autorun: false,
    });
    return worker;
  };
  const lockMs = options.lockDuration;
  return {
    async take(count) {
      const taken: TakenJob[] = [];
      while (taken.length < count) {
        const token = randomUUID();
        // block: false answers at once when the list is empty (or the queue is rate limited).
        const job = await manual().getNextJob(token, { block: false });
        if (!job) break;
        taken.push({ job, token });
      }
      return taken;
    },
    keepLocked(jobs) {
      const timer = setInterval(
        () => {
          for (const { job, token } of jobs) {
            // A lock lost meanwhile is the stalled check's to handle: the job is delivered again.
            job.extendLock(token, lockMs).catch(() => undefined);
          }
        },
        Math.max(500, Math.floor(lockMs / 2)),
      );
      timer.unref();
      return () => clearInterval(timer);
    },
    close: async () => {
      await worker?.close();
    },
  };
}
