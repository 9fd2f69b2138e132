/** How transient failures are retried. */
export interface RetrySchedule {
  /** First delay. @defaultValue 2000 */
  baseDelayMs: number;
  /** Longest delay between two tries. @defaultValue 15 minutes */
  maxDelayMs: number;
  /** Keep retrying while the planned delays add up to less than this. @defaultValue 24 hours */
  windowMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseDelayMs: 2_000,
  maxDelayMs: 15 * 60 * 1000,
  windowMs: 24 * 60 * 60 * 1000,
};

function plannedDelay(failures: number, schedule: RetrySchedule): number {
  return Math.min(schedule.baseDelayMs * 2 ** (failures - 1), schedule.maxDelayMs);
}

/**
 * Delay before the next try after `failures` failed tries, or -1 (BullMQ: do not retry) once the
 * planned delays would pass the window. Exponential, capped, with jitter that only adds (up to
 * a quarter), so many leads failing together do not come back together and the window is never
 * cut short.
 */
export function nextRetryDelay(
  failures: number,
  schedule: RetrySchedule,
  random = Math.random,
): number {
  let planned = 0;
  for (let n = 1; n <= failures; n++) planned += plannedDelay(n, schedule);
  if (planned > schedule.windowMs) return -1;
  const delay = plannedDelay(failures, schedule);
  return Math.round(delay * (1 + random() / 4));
}
