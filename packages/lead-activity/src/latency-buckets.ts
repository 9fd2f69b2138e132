/**
 * Delivery latency is counted per day in buckets whose bounds grow by a factor of 2^(1/4)
 * (about 19 %) from 50 ms: bucket 0 holds up to 50 ms, bucket b up to 50 · 2^(b/4) ms, and the
 * last (100) everything from about 19 days. A percentile is reported as its bucket's upper bound,
 * so it reads at most about 19 % above the true value (and 50 ms for anything faster). The record
 * script computes the same bucket in Lua: keep both in step.
 */
export const LATENCY_BASE_MS = 50;
export const LATENCY_STEPS_PER_DOUBLING = 4;
export const LATENCY_LAST_BUCKET = 100;

/** The upper bound of a bucket, in whole milliseconds. */
export function bucketUpperMs(bucket: number): number {
  return Math.round(LATENCY_BASE_MS * 2 ** (bucket / LATENCY_STEPS_PER_DOUBLING));
}

/** The bucket a latency falls in (as the record script decides it). */
export function latencyBucket(ms: number): number {
  if (ms <= LATENCY_BASE_MS) return 0;
  const bucket = Math.ceil(Math.log2(ms / LATENCY_BASE_MS) * LATENCY_STEPS_PER_DOUBLING);
  return Math.min(bucket, LATENCY_LAST_BUCKET);
}

/** The `p` quantile (0–1) of the counts by bucket, as a bucket bound; null with no counts. */
export function percentileMs(counts: ReadonlyMap<number, number>, p: number): number | null {
  const buckets = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [bucket, n] of buckets) {
    seen += n;
    if (seen >= rank) return bucketUpperMs(bucket);
  }
  return bucketUpperMs(buckets[buckets.length - 1]?.[0] ?? 0);
}
