import { randomUUID } from 'node:crypto';
import {
  createLogger,
  createWorkerConnection,
  type RedisConnection,
} from '@leadbridge/service-kit';
import { LogCapture, testRedisUrl } from '@leadbridge/test-support';
import {
  createLeadActivityReader,
  createLeadActivityWriter,
  type ActivityLead,
  type LeadActivityReader,
  type LeadActivityWriter,
} from '../src';

export interface ActivityFixture {
  redis: RedisConnection;
  prefix: string;
  writer: LeadActivityWriter;
  reader: LeadActivityReader;
  logs: LogCapture;
  /** Every key under the test's prefix. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

/** A writer and reader over the test Redis, under a prefix of the test's own. */
export function activityFixture(retentionDays = 30): ActivityFixture {
  const redis = createWorkerConnection(testRedisUrl());
  const prefix = `test-${randomUUID()}`;
  const logs = new LogCapture();
  const writer = createLeadActivityWriter({
    connection: redis,
    prefix,
    retentionDays,
    logger: createLogger({ service: 'test', stream: logs }),
  });
  const keys = async () => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  };
  return {
    redis,
    prefix,
    writer,
    reader: createLeadActivityReader({ connection: redis, prefix }),
    logs,
    keys,
    async close() {
      const all = await keys();
      for (let n = 0; n < all.length; n += 500) await redis.del(...all.slice(n, n + 500));
      await redis.quit();
    },
  };
}

let next = 0;

/** Fields of a lead to set; `undefined` leaves one out (a lead without an offer). */
export type LeadOverrides = { [K in keyof ActivityLead]?: ActivityLead[K] | undefined };

/** A lead received at `receivedAt`, with a fresh id. */
export function aLead(overrides: LeadOverrides = {}, receivedAt = new Date()): ActivityLead {
  next += 1;
  const lead: LeadOverrides = {
    id: `lead-${next}-${randomUUID()}`,
    receivedAt: receivedAt.toISOString(),
    source: 'marketplace',
    offer: 'Contoso Analytics',
    actionCode: 'INS',
    isTestLead: false,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(lead).filter(([, value]) => value !== undefined),
  ) as unknown as ActivityLead;
}
