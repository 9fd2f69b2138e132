import { isLeadbridgeQueue, withoutPersonalData, type LeadJobData } from '@leadbridge/lead-model';
import { findQueueNames, type Logger, type RedisConnection } from '@leadbridge/service-kit';

export interface FailedRetentionOptions {
  connection: RedisConnection;
  prefix: string;
  /** How long a failed lead keeps its personal data (FAILED_RETENTION_DAYS). */
  retentionMs: number;
  logger: Logger;
  /** @defaultValue one hour */
  intervalMs?: number;
  /** Failed jobs read per Redis round trip. @defaultValue 100 */
  batchSize?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

export interface FailedRetention {
  /** Sweeps now; resolves with how many leads lost their personal data. */
  sweep(): Promise<number>;
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Replaces the job's data only if it is still failed, failed before the cutoff, and still holds
 * what was read: a job retried, removed or stripped by another worker in between is left alone,
 * so any number of workers can sweep at once. The stack traces go too: they repeat every
 * attempt's error message, which may echo what was sent.
 *
 * KEYS: failed set, job hash, job logs. ARGV: job id, cutoff, data as read, data without PD.
 */
const STRIP_SCRIPT = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return 0 end
if redis.call('HGET', KEYS[2], 'data') ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[2], 'data', ARGV[4], 'stacktrace', '[]')
redis.call('DEL', KEYS[3])
return 1
`;

function parseData(text: string): Partial<LeadJobData> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {}; // unreadable, so nothing of it can be kept
  }
}

async function sweepQueue(
  options: FailedRetentionOptions,
  queue: string,
  cutoff: number,
): Promise<number> {
  const { connection: redis, prefix } = options;
  const batchSize = options.batchSize ?? 100;
  const key = (suffix: string) => `${prefix}:${queue}:${suffix}`;
  let removed = 0;
  // The failed set is scored by when each job failed, oldest first. Stripped jobs stay in it, so
  // the offset moves past them; one a concurrent change skips is taken on the next sweep.
  for (let offset = 0; ; offset += batchSize) {
    const ids = await redis.zrangebyscore(
      key('failed'),
      '-inf',
      cutoff,
      'LIMIT',
      offset,
      batchSize,
    );
    const stripped = await Promise.all(
      ids.map(async (id) => {
        const [data, failedReason] = await redis.hmget(key(id), 'data', 'failedReason');
        if (data === null || data === undefined) return 0;
        const stored = parseData(data);
        if (stored.personalDataRemoved !== undefined) return 0;
        const kept = withoutPersonalData(
          stored,
          new Date(options.now?.() ?? Date.now()),
          failedReason ?? undefined,
        );
        const keys = [key('failed'), key(id), key(`${id}:logs`)];
        const args = [id, cutoff, data, JSON.stringify(kept)];
        return Number(await redis.eval(STRIP_SCRIPT, keys.length, ...keys, ...args));
      }),
    );
    removed += stripped.reduce((sum, count) => sum + count, 0);
    if (ids.length < batchSize) return removed;
  }
}

/**
 * One sweep of every Leadbridge queue in Redis (the lead queue and each destination's, the queues
 * of destinations since removed too): failed leads older than the retention lose their personal
 * data. Resolves with how many did.
 */
export async function removeExpiredPersonalData(options: FailedRetentionOptions): Promise<number> {
  const cutoff = (options.now?.() ?? Date.now()) - options.retentionMs;
  const queues = (await findQueueNames(options.connection, options.prefix)).filter(
    isLeadbridgeQueue,
  );
  const removed: Record<string, number> = {};
  for (const queue of queues) {
    const count = await sweepQueue(options, queue, cutoff);
    if (count > 0) removed[queue] = count;
  }
  const total = Object.values(removed).reduce((sum, count) => sum + count, 0);
  if (total > 0) {
    options.logger.info('personal data removed from failed leads', {
      removed,
      retentionDays: Math.round(options.retentionMs / DAY_MS),
    });
  }
  return total;
}

/**
 * Sweeps at start and then every `intervalMs`, one sweep at a time. A sweep that fails (Redis
 * away) is logged and tried again at the next tick.
 */
export function startFailedRetention(options: FailedRetentionOptions): FailedRetention {
  let running: Promise<number> | undefined;
  const sweep = (): Promise<number> => {
    running ??= removeExpiredPersonalData(options).finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = () => {
    sweep().catch((error: unknown) =>
      options.logger.warn('removing expired personal data failed: will try again', {
        error: (error as Error).message,
      }),
    );
  };
  tick();
  const timer = setInterval(tick, options.intervalMs ?? 60 * 60 * 1000);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
