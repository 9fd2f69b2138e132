import type { RedisConnection } from '@leadbridge/service-kit';
import { activityKeys, type ActivityKeys } from './activity-keys';
import type {
  LeadActivityReader,
  LeadFacets,
  LeadFilter,
  LeadPage,
  LeadSummary,
  TimelineEvent,
} from './activity-types';
import { buildOverview, overviewDays } from './overview';
import { readSummary } from './read-summary';

export interface LeadActivityReaderOptions {
  connection: RedisConnection;
  /** The queue prefix the worker writes under (QUEUE_PREFIX, hash-tagged in Cluster mode). */
  prefix: string;
}

/** A list query's intersection lives a minute at most, should the reader die before deleting it. */
const TEMP_TTL_MS = 60_000;

/** The index sets a filter narrows to; the whole index when it narrows nothing. */
function filterSets(keys: ActivityKeys, filter: LeadFilter): string[] {
  const sets: string[] = [];
  if (filter.state !== undefined) sets.push(keys.state(filter.state));
  if (filter.destination !== undefined) sets.push(keys.destination(filter.destination));
  if (filter.offer !== undefined) sets.push(keys.offer(filter.offer));
  if (filter.actionCode !== undefined) sets.push(keys.action(filter.actionCode));
  if (filter.testLeads === 'only') sets.push(keys.test(true));
  if (filter.testLeads === 'exclude') sets.push(keys.test(false));
  return sets.length > 0 ? sets : [keys.all];
}

/** Throws the first error of a MULTI or pipeline; resolves with the replies. */
function replies(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new Error('the Redis transaction was discarded');
  return results.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** The leads pages' reader over the activity the worker records. */
export function createLeadActivityReader(options: LeadActivityReaderOptions): LeadActivityReader {
  const { connection } = options;
  const keys = activityKeys(options.prefix);

  async function summaries(ids: readonly string[]): Promise<LeadSummary[]> {
    if (ids.length === 0) return [];
    const pipeline = connection.pipeline();
    for (const id of ids) pipeline.hgetall(keys.summary(id));
    const hashes = replies(await pipeline.exec()) as Record<string, string>[];
    return ids.flatMap((id, n) => readSummary(id, hashes[n] ?? {}) ?? []);
  }

  /** The given ids that are indexed, as a short-lived sorted set scored like the index. */
  async function idsSet(ids: readonly string[]): Promise<string | undefined> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return undefined;
    const scores = await connection.zmscore(keys.all, ...unique);
    const members = unique.flatMap((id, n) => {
      const score = scores[n];
      return score === null || score === undefined ? [] : [score, id];
    });
    if (members.length === 0) return undefined;
    const temp = keys.temp();
    replies(
      await connection
        .multi()
        .zadd(temp, ...members)
        .pexpire(temp, TEMP_TTL_MS)
        .exec(),
    );
    return temp;
  }

  return {
    async list(filter, page): Promise<LeadPage> {
      const size = Math.max(1, Math.floor(page.size || 50));
      const offset = (Math.max(1, Math.floor(page.page || 1)) - 1) * size;
      const min = filter.from ? String(filter.from.getTime()) : '-inf';
      const max = filter.to ? `(${filter.to.getTime()}` : '+inf';
      const temps: string[] = [];
      try {
        const sets = filterSets(keys, filter);
        if (filter.ids !== undefined) {
          const given = await idsSet(filter.ids);
          if (given === undefined) return { leads: [], total: 0 };
          temps.push(given);
          sets.push(given);
        }
        let source = sets[0] ?? keys.all;
        if (sets.length > 1) {
          source = keys.temp();
          temps.push(source);
          replies(
            await connection
              .multi()
              .zinterstore(source, sets.length, ...sets, 'AGGREGATE', 'MAX')
              .pexpire(source, TEMP_TTL_MS)
              .exec(),
          );
        }
        const [total, ids] = replies(
          await connection
            .pipeline()
            .zcount(source, min, max)
            .zrange(source, max, min, 'BYSCORE', 'REV', 'LIMIT', offset, size)
            .exec(),
        ) as [number, string[]];
        return { leads: await summaries(ids), total };
      } finally {
        if (temps.length > 0) await connection.del(...temps).catch(() => undefined);
      }
    },
    async get(id) {
      const [found] = await summaries([id]);
      return found;
    },
    async timeline(id): Promise<TimelineEvent[]> {
      const entries = await connection.lrange(keys.timeline(id), 0, -1);
      return entries.map((entry) => JSON.parse(entry) as TimelineEvent);
    },
    async overview(days, now = new Date()) {
      const covered = overviewDays(days, now);
      const pipeline = connection.pipeline();
      for (const day of covered) pipeline.hgetall(keys.day(day));
      const counters = replies(await pipeline.exec()) as Record<string, string>[];
      return buildOverview(covered, counters);
    },
    async facets(): Promise<LeadFacets> {
      const [offers, destinations, actionCodes] = replies(
        await connection
          .pipeline()
          .zrange(keys.facet('offer'), '0', '-1')
          .zrange(keys.facet('dest'), '0', '-1')
          .zrange(keys.facet('action'), '0', '-1')
          .exec(),
      ) as [string[], string[], string[]];
      const sorted = (values: string[]) => [...values].sort((a, b) => a.localeCompare(b));
      return {
        offers: sorted(offers),
        destinations: sorted(destinations),
        actionCodes: sorted(actionCodes),
      };
    },
  };
}
