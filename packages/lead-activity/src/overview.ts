import { utcDay } from './activity-keys';
import type { DailySeries, Overview } from './activity-types';
import { percentileMs } from './latency-buckets';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The `days` UTC days ending with `now`'s, oldest first. */
export function overviewDays(days: number, now: Date): string[] {
  const count = Math.max(1, Math.floor(days));
  return Array.from({ length: count }, (_, n) => utcDay(now.getTime() - (count - 1 - n) * DAY_MS));
}

/** The overview from each day's counter hash (see record-script.ts), zero-filled. */
export function buildOverview(
  days: readonly string[],
  counters: readonly Record<string, string>[],
): Overview {
  const byOffer: DailySeries = {};
  const byAction: DailySeries = {};
  const failuresByReason: Record<string, number> = {};
  const add = (series: DailySeries, name: string, day: number, n: number) => {
    const row = (series[name] ??= days.map(() => 0));
    row[day] = (row[day] ?? 0) + n;
  };
  const latency = days.map((day, n) => {
    const buckets = new Map<number, number>();
    for (const [field, value] of Object.entries(counters[n] ?? {})) {
      const count = Number(value);
      const colon = field.indexOf(':');
      const kind = field.slice(0, colon);
      const name = field.slice(colon + 1);
      if (kind === 'offer') add(byOffer, name, n, count);
      else if (kind === 'action') add(byAction, name, n, count);
      else if (kind === 'fail') failuresByReason[name] = (failuresByReason[name] ?? 0) + count;
      else if (kind === 'lat') buckets.set(Number(name), count);
    }
    return { day, p50Ms: percentileMs(buckets, 0.5), p95Ms: percentileMs(buckets, 0.95) };
  });
  return { days: [...days], byOffer, byAction, latency, failuresByReason };
}
