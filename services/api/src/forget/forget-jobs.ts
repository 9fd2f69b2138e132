import { LEAD_QUEUE, isLeadbridgeQueue } from '@leadbridge/lead-model';
import { findQueueNames, type RedisConnection } from '@leadbridge/service-kit';
import { Queue, type JobType } from 'bullmq';
import { isLeadOf } from './lead-email';

/** One job of the person: where it was, in what state, and what its delivery left. */
export interface ForgottenJob {
  queue: string;
  leadId: string;
  /** Its state when found: waiting, delayed, active, completed, failed… */
  state: string;
  /** For a destination's job: the destination. */
  destination?: string;
  /** A completed delivery's return value: the Dataverse record id and URL, the e-mail's message id. */
  result?: Record<string, unknown>;
}

export interface JobsErasure {
  removed: ForgottenJob[];
  /** Jobs still being delivered when the wait ended: not removed. */
  busy: ForgottenJob[];
}

export interface ForgetJobsOptions {
  redis: RedisConnection;
  prefix: string;
  /** The address, normalised. */
  email: string;
  /** How long to wait for deliveries in progress to finish. */
  waitMs: number;
  /** Told, before each wait, how many deliveries are in progress. */
  onWait?(busy: number): void;
}

const EVERY_STATE: JobType[] = [
  'active',
  'completed',
  'delayed',
  'failed',
  'prioritized',
  'waiting',
  'waiting-children',
];
const BATCH = 500;

/** Ids of the person's jobs in the queue, in any state. */
async function findJobs(queue: Queue, redis: RedisConnection, email: string): Promise<string[]> {
  // One script lists every state at once, so a job moving between states is not missed.
  const ids = await queue.getRanges(EVERY_STATE, 0, -1);
  const found: string[] = [];
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const data = await Promise.all(batch.map((id) => redis.hget(queue.toKey(id), 'data')));
    batch.forEach((id, n) => {
      const stored = data[n];
      if (stored && isLeadOf(stored, email)) found.push(id);
    });
  }
  return found;
}

/**
 * Removes the job unless it is being delivered: then its outcome (a record id to report) is not
 * known yet, so it is left for the next pass. Undefined when it went away meanwhile.
 */
async function removeJob(
  queue: Queue,
  id: string,
): Promise<{ job: ForgottenJob; removed: boolean } | undefined> {
  const state = await queue.getJobState(id);
  const job = await queue.getJob(id);
  if (!job || state === 'unknown') return undefined;
  const data = job.data as { destination?: unknown };
  const found: ForgottenJob = { queue: queue.name, leadId: id, state };
  if (typeof data.destination === 'string') found.destination = data.destination;
  if (state === 'completed' && job.returnvalue && typeof job.returnvalue === 'object') {
    found.result = job.returnvalue as Record<string, unknown>;
  }
  if (state === 'active') return { job: found, removed: false };
  // BullMQ refuses (0) to remove a job a worker has just locked.
  return { job: found, removed: (await queue.remove(id)) === 1 };
}

/**
 * Removes every job of the person from every Leadbridge queue in Redis, in any state, and again
 * until a pass finds none: a lead being routed meanwhile adds its deliveries after the lead
 * queue was looked at. Deliveries in progress are waited for, up to `waitMs`.
 */
export async function forgetJobs(options: ForgetJobsOptions): Promise<JobsErasure> {
  const { redis, prefix, email } = options;
  const deadline = Date.now() + options.waitMs;
  const queues = new Map<string, Queue>();
  const queueNamed = (name: string) => {
    let queue = queues.get(name);
    if (!queue) queues.set(name, (queue = new Queue(name, { connection: redis, prefix })));
    return queue;
  };
  const removed: ForgottenJob[] = [];
  try {
    for (;;) {
      const names = (await findQueueNames(redis, prefix)).filter(isLeadbridgeQueue);
      // The lead queue first, so a lead routed meanwhile has its deliveries added by the time
      // the destinations' queues are looked at.
      names.sort((a, b) => Number(b === LEAD_QUEUE) - Number(a === LEAD_QUEUE));
      const busy: ForgottenJob[] = [];
      let found = 0;
      for (const name of names) {
        const queue = queueNamed(name);
        for (const id of await findJobs(queue, redis, email)) {
          found++;
          const outcome = await removeJob(queue, id);
          if (outcome) (outcome.removed ? removed : busy).push(outcome.job);
        }
      }
      if (found === 0) return { removed, busy: [] };
      if (busy.length > 0) {
        if (Date.now() >= deadline) return { removed, busy };
        options.onWait?.(busy.length);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
  }
}
