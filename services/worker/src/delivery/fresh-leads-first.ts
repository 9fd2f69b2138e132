import type { DestinationJobData } from '@leadbridge/lead-model';
import type { Queue } from 'bullmq';

/** A waiting lead queued for its destination this recently is fresh, not part of a backlog. */
export const FRESH_LEAD_MS = 60_000;

/**
 * Moves the newest waiting leads, up to `count` of those queued in the last `FRESH_LEAD_MS`, to
 * the end of the waiting list that jobs are taken from, so the next batch writes them. A
 * destination's waiting list is first in, first out: without this, a lead that arrives while
 * 10,000 others wait is written only once all of them are, minutes later. Moving at most a few
 * per batch keeps the oldest of the backlog moving too.
 */
export async function freshLeadsFirst(
  queue: Pick<Queue<DestinationJobData>, 'getJobs'>,
  count: number,
  now = Date.now(),
): Promise<number> {
  // Not ascending: the list's head, where BullMQ adds a job, newest first.
  const newest = await queue.getJobs(['waiting'], 0, count - 1, false);
  const fresh = newest.filter((job) => now - job.timestamp <= FRESH_LEAD_MS);
  // Newest first: each goes to the very end, so the oldest fresh lead is taken first and fresh
  // leads stay first come, first served among themselves.
  for (const job of fresh) {
    // Priority 0 with lifo: BullMQ's way to put a waiting job next in line.
    await job.changePriority({ priority: 0, lifo: true });
  }
  return fresh.length;
}
