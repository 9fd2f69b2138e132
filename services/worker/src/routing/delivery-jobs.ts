import type { DestinationJobData } from '@leadbridge/lead-model';
import type { JobsOptions, Queue } from 'bullmq';

/** Puts one delivery on its destination's queue; resolves once Redis holds it. */
export type AddDelivery = (
  queue: Queue<DestinationJobData>,
  name: string,
  data: DestinationJobData,
  opts: JobsOptions,
) => Promise<void>;

/**
 * The most deliveries one round trip adds: BullMQ sends them as one pipeline of its add script,
 * so Redis answers other clients between them.
 */
export const MAX_DELIVERIES_PER_ADD = 100;

interface Pending {
  name: string;
  data: DestinationJobData;
  opts: JobsOptions;
  settle: (error?: Error) => void;
}

/**
 * One by one, each settled by its own add: a failed batch says neither which job failed nor
 * whether the others were added.
 */
async function addOneByOne(queue: Queue<DestinationJobData>, batch: readonly Pending[]) {
  await Promise.all(
    batch.map(({ name, data, opts, settle }) =>
      queue.add(name, data, opts).then(
        () => settle(),
        (error: unknown) =>
          settle(error instanceof Error ? error : new Error('the delivery could not be queued')),
      ),
    ),
  );
}

async function addBatch(queue: Queue<DestinationJobData>, batch: readonly Pending[]) {
  if (batch.length === 1) return addOneByOne(queue, batch);
  try {
    await queue.addBulk(batch.map(({ name, data, opts }) => ({ name, data, opts })));
  } catch {
    // Each job's id is its lead id, so adding again one that the batch added adds nothing.
    return addOneByOne(queue, batch);
  }
  for (const { settle } of batch) settle();
}

/**
 * Adds the deliveries routed in one turn of the event loop together, one round trip per
 * destination queue (BullMQ's addBulk) instead of one each: with many leads routed at once that
 * is most of the router's own Redis traffic. Each job is added exactly as `queue.add` adds it
 * (same name, data and options, its id the lead id), and each caller's promise settles with its
 * own job's outcome.
 */
export function batchedDeliveryAdds(): AddDelivery {
  const pending = new Map<Queue<DestinationJobData>, Pending[]>();
  const flush = () => {
    const taken = [...pending];
    pending.clear();
    for (const [queue, jobs] of taken) {
      for (let start = 0; start < jobs.length; start += MAX_DELIVERIES_PER_ADD) {
        void addBatch(queue, jobs.slice(start, start + MAX_DELIVERIES_PER_ADD));
      }
    }
  };
  return (queue, name, data, opts) =>
    new Promise<void>((resolve, reject) => {
      if (pending.size === 0) setImmediate(flush);
      const jobs = pending.get(queue) ?? [];
      if (jobs.length === 0) pending.set(queue, jobs);
      jobs.push({
        name,
        data,
        opts,
        settle: (error) => (error === undefined ? resolve() : reject(error)),
      });
    });
}

/** One `queue.add` per delivery: with tracing on, so each delivery's trace starts at its own add. */
export const deliveryAddsOneByOne: AddDelivery = async (queue, name, data, opts) => {
  await queue.add(name, data, opts);
};
