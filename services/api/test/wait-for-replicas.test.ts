import { randomUUID } from 'node:crypto';
import { describeOrigin, newLeadId, parseLead, type LeadJobData } from '@leadbridge/lead-model';
import { createProducerConnection } from '@leadbridge/service-kit';
import { documentedExample, pollUntil, startPrivateRedis } from '@leadbridge/test-support';
import type { PrivateRedis } from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import {
  createQueueLeadStore,
  StoreUnavailableError,
  type LeadStore,
  type Stored,
} from '../src/ingest/lead-store';

jest.setTimeout(30_000);

// Replicas start syncing at once rather than after the 5 s Redis waits for others to join.
const MASTER_ARGS = ['--repl-diskless-sync-delay', '0'];

let master: PrivateRedis;
let replica: PrivateRedis | undefined;

beforeEach(async () => {
  master = await startPrivateRedis(undefined, { args: MASTER_ARGS });
});
afterEach(async () => {
  await replica?.stop();
  replica = undefined;
  await master.stop();
});

function job(): LeadJobData {
  const parsed = parseLead({ ...documentedExample, Description: randomUUID() });
  if (!parsed.ok) throw new Error('the fixture must be a valid lead');
  return {
    leadId: newLeadId(),
    requestId: randomUUID(),
    receivedAt: new Date().toISOString(),
    rawBody: '{}',
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
  };
}

async function replicaOnline(): Promise<boolean> {
  const redis = new Redis(master.url);
  try {
    return (await redis.info('replication')).includes('state=online');
  } finally {
    redis.disconnect();
  }
}

/**
 * Stores the lead as the API's spool would, trying again while the replica has not confirmed it
 * within the 500 ms a try waits (a loaded machine can be that slow to replicate); the same job
 * stored twice is one job.
 */
async function putConfirmed(store: LeadStore, lead: LeadJobData, tries = 3): Promise<Stored> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.put(lead);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || attempt >= tries) throw error;
    }
  }
}

describe('REDIS_WAIT_REPLICAS', () => {
  it('with no replica to confirm it in time, a lead is not counted as stored, and says why', async () => {
    const connection = createProducerConnection(master.url);
    const store = createQueueLeadStore({ connection, prefix: 'wait', waitReplicas: 1 });
    try {
      const started = Date.now();
      const stored = store.put(job());

      const error: unknown = await stored.catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).cause).toEqual(
        expect.objectContaining({ message: '0 of 1 replicas confirmed the write within 500 ms' }),
      );
      // Within the store's 1 s, so the API spools it well inside the 2 s it promises.
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await store.close();
      connection.disconnect();
    }
  });

  it('once a replica holds the lead, it is acknowledged, and the replica has it', async () => {
    replica = await startPrivateRedis(undefined, {
      args: ['--replicaof', '127.0.0.1', String(master.port)],
    });
    await pollUntil(replicaOnline, 20_000, 'the replica to be in sync');
    const connection = createProducerConnection(master.url);
    // The store's own time limit is not what this test is about: a busy machine may need more.
    const store = createQueueLeadStore({
      connection,
      prefix: 'wait',
      waitReplicas: 1,
      timeoutMs: 5_000,
    });
    const onReplica = new Redis(replica.url);
    try {
      const lead = job();

      await expect(putConfirmed(store, lead)).resolves.toEqual({
        status: 'accepted',
        leadId: lead.leadId,
      });
      expect(await onReplica.exists(store.queue.toKey(lead.leadId))).toBe(1);
    } finally {
      onReplica.disconnect();
      await store.close();
      connection.disconnect();
    }
  });
});
