import type { Job, Queue } from 'bullmq';
import type { AwaitedDelivery } from './destination';

/** Where to look for the delivery a destination waits for. */
export interface AwaitedDeliverySource {
  /** The destination waited for, and its queue, where the lead's job has the lead id as its id. */
  destination: string;
  queue: Queue;
  /** The lead queue: while the lead is being routed, its job there may not exist yet. */
  leads: Queue;
  /** Longest wait, from when the waiting job was added (the lead was routed). */
  maxWaitMs: number;
}

/** Either the delivery is over (or no longer waited for), or look again at `retryAt`. */
export type AwaitOutcome = { done: AwaitedDelivery } | { retryAt: number };

/**
 * Seconds between looks: often at first, as most deliveries take under a second, then less
 * often, never past the deadline. A completed delivery also wakes the waiting job at once (see
 * lead-worker), so these looks only catch what that misses: another process finishing it, a
 * crash between the two.
 */
function nextLookMs(elapsedMs: number, remainingMs: number): number {
  return Math.max(1, Math.min(Math.max(1_000, elapsedMs / 2), 30_000, remainingMs));
}

/**
 * What became of the delivery `job` waits for. The state is read before the job, so a completed
 * job read afterwards carries its return value.
 */
export async function lookAtAwaitedDelivery(
  job: Pick<Job, 'id' | 'timestamp'>,
  source: AwaitedDeliverySource,
  now = Date.now(),
): Promise<AwaitOutcome> {
  const id = job.id ?? '';
  const { destination } = source;
  const state = await source.queue.getJobState(id);
  if (state === 'completed') {
    const result: unknown = (await source.queue.getJob(id))?.returnvalue;
    return {
      done: {
        destination,
        state: 'delivered',
        ...(typeof result === 'object' && result !== null
          ? { result: result as Record<string, unknown> }
          : {}),
      },
    };
  }
  if (state === 'failed') return { done: { destination, state: 'failed' } };
  if (state === 'unknown') {
    // No job: routing has not reached that destination yet, or never will.
    const routing = await source.leads.getJobState(id);
    const underWay = routing === 'active' || routing === 'waiting' || routing === 'delayed';
    if (!underWay) return { done: { destination, state: 'not-routed' } };
  }
  const elapsedMs = now - job.timestamp;
  const remainingMs = source.maxWaitMs - elapsedMs;
  if (remainingMs <= 0) return { done: { destination, state: 'timed-out' } };
  return { retryAt: now + nextLookMs(elapsedMs, remainingMs) };
}
