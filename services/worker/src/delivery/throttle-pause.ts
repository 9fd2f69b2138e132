/**
 * Shortest pause a Retry-After causes. `0`, a fraction of a second or a date already past would
 * otherwise be a pause of 0 ms, which Redis refuses, so the lead would spend an attempt.
 */
export const MIN_THROTTLE_PAUSE_MS = 1_000;

/** Longest pause a Retry-After causes unless configured otherwise (RETRY_AFTER_MAX_SECONDS). */
export const DEFAULT_RETRY_AFTER_MAX_MS = 15 * 60 * 1000;

/** How long a destination pauses for a Retry-After, and which bound changed it, if any. */
export interface ThrottlePause {
  pauseMs: number;
  /** `raised` to the 1 s minimum, `cut` to the maximum, undefined when taken as asked. */
  clamped?: 'raised' | 'cut';
}

/**
 * The pause for a Retry-After of `retryAfterMs`, within [1 s, `maxMs`]: a destination asking for
 * a day would otherwise hold every lead for that day, however soon it recovers.
 */
export function throttlePause(retryAfterMs: number, maxMs: number): ThrottlePause {
  if (retryAfterMs < MIN_THROTTLE_PAUSE_MS) {
    return { pauseMs: MIN_THROTTLE_PAUSE_MS, clamped: 'raised' };
  }
  if (retryAfterMs > maxMs) return { pauseMs: maxMs, clamped: 'cut' };
  return { pauseMs: retryAfterMs };
}
