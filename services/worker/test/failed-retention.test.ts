import { LEAD_QUEUE, type LeadJobData } from '@leadbridge/lead-model';
import { createLogger, createWorkerConnection } from '@leadbridge/service-kit';
import { documentedExample, LogCapture, testRedisUrl } from '@leadbridge/test-support';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  removeExpiredPersonalData,
  startFailedRetention,
  type FailedRetention,
  type FailedRetentionOptions,
} from '../src/retention/failed-retention';
import { eventually, jobIn, startStack, type Stack } from './stack';

// Failed leads are kept for a person to replay, but not their personal data for ever: after
// FAILED_RETENTION_DAYS only what the lead was and what became of it remains.
jest.setTimeout(45_000);

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_MS = 30 * DAY_MS;

let stack: Stack | undefined;
let retention: FailedRetention | undefined;
const connections: Redis[] = [];

afterEach(async () => {
  await retention?.stop();
  await stack?.close();
  for (const connection of connections.splice(0)) connection.disconnect();
  stack = retention = undefined;
});

const lead = (offer: string, n: number) => ({
  ...documentedExample,
  LeadSource: `AzureMarketplace-INS|${offer}`,
  Description: `Please call me on 16175555555 about ${offer} (${n})`,
  Birthday: '1970-01-01',
});

/** Moves a failed job's failure back in time, as if it had failed `days` ago. */
async function failedDaysAgo(queue: Queue, id: string, days: number): Promise<number> {
  const client = createWorkerConnection(testRedisUrl());
  connections.push(client);
  const finishedOn = Date.now() - days * DAY_MS;
  await client.zadd(queue.toKey('failed'), finishedOn, id);
  await client.hset(queue.toKey(id), 'finishedOn', finishedOn);
  return finishedOn;
}

async function reread<T>(queue: Queue<T>, id: string): Promise<Job<T>> {
  const job = await queue.getJob(id);
  if (!job) throw new Error(`job ${id} is gone`);
  return job;
}

/** What one worker process is given: its own connection, the stack's queues, 30 days. */
function retentionOptions(s: Stack, logs: LogCapture = s.logs): FailedRetentionOptions {
  const connection = createWorkerConnection(testRedisUrl());
  connections.push(connection);
  return {
    connection,
    prefix: s.prefix,
    retentionMs: RETENTION_MS,
    logger: createLogger({ service: 'worker', stream: logs }),
  };
}

describe('FAILED_RETENTION_DAYS', () => {
  it('a lead failed longer ago loses its personal data and keeps its reason, destination and dates; a newer one keeps everything', async () => {
    stack = await startStack({ match: { offerId: ['contoso.widget'] } });
    const s = stack;
    s.sim.faults.set({ denyPrivilege: true });
    const oldId = await s.post(lead('contoso.widget', 1));
    const newId = await s.post(lead('contoso.widget', 2));
    const unmatchedId = await s.post(lead('northwind.tool', 3));
    const oldFailed = await jobIn(s, oldId, 'failed');
    const newFailed = await jobIn(s, newId, 'failed');
    const unmatched = await jobIn(s, unmatchedId, 'failed', s.worker.queue);
    const oldFinishedOn = await failedDaysAgo(s.deliveries, oldId, 31);
    await failedDaysAgo(s.worker.queue, unmatchedId, 45);
    const newBefore = await reread(s.deliveries, newId);

    retention = startFailedRetention(retentionOptions(s));

    const stripped = await eventually(async () => {
      const job = await reread(s.deliveries, oldId);
      return job.data.personalDataRemoved ? job : undefined;
    });
    expect(new Date(stripped.data.personalDataRemoved ?? '').getTime()).toBeGreaterThan(
      Date.now() - 60_000,
    );
    expect(stripped.data).toEqual({
      leadId: oldId,
      requestId: oldFailed.data.requestId,
      receivedAt: oldFailed.data.receivedAt,
      destination: 'dynamics',
      rawBody: '',
      lead: {
        ActionCode: 'INS',
        OfferTitle: 'Test Microsoft',
        LeadSource: 'AzureMarketplace-INS|contoso.widget',
        UserDetails: {},
        Extra: {},
      },
      origin: oldFailed.data.origin,
      personalDataRemoved: stripped.data.personalDataRemoved,
      failedReason: oldFailed.failedReason,
    });
    expect(stripped.failedReason).toBe(oldFailed.failedReason);
    expect(stripped.finishedOn).toBe(oldFinishedOn);
    expect(stripped.timestamp).toBe(oldFailed.timestamp);
    expect(stripped.processedOn).toBe(oldFailed.processedOn);
    expect(stripped.stacktrace).toEqual([]);
    expect(await s.deliveries.getJobState(oldId)).toBe('failed');
    const strippedText = JSON.stringify(stripped.data);
    for (const personal of ['someone@contoso.com', 'Some', 'One', '16175555555', 'Esquire', '1970'])
      expect(strippedText).not.toContain(personal);

    // The lead queue's failed list (no destination matched) is swept too.
    const unmatchedNow = await eventually(async () => {
      const job = await reread<LeadJobData>(s.worker.queue, unmatchedId);
      return job.data.personalDataRemoved ? job : undefined;
    });
    expect(unmatchedNow.failedReason).toBe(unmatched.failedReason);
    expect(unmatchedNow.data.lead.UserDetails).toEqual({});
    expect(unmatchedNow.data.rawBody).toBe('');

    const newAfter = await reread(s.deliveries, newId);
    expect(newAfter.data).toEqual(newBefore.data);
    expect(newAfter.data.lead.UserDetails.Email).toBe('someone@contoso.com');
    expect(newAfter.stacktrace).toEqual(newFailed.stacktrace);
    expect(newAfter.failedReason).toBe(newFailed.failedReason);

    const line = s.logs
      .entries()
      .find((entry) => entry.message === 'personal data removed from failed leads');
    expect(line).toMatchObject({
      removed: { [LEAD_QUEUE]: 1, 'leadbridge-to-dynamics': 1 },
      retentionDays: 30,
    });
  });

  it('several workers sweeping at once remove it once, and sweeping again changes nothing', async () => {
    stack = await startStack();
    const s = stack;
    s.sim.faults.set({ denyPrivilege: true });
    const ids = [await s.post(lead('contoso.widget', 1)), await s.post(lead('contoso.widget', 2))];
    for (const id of ids) {
      await jobIn(s, id, 'failed');
      await failedDaysAgo(s.deliveries, id, 40);
    }
    // The lead worker is done with them: stopped, so only the sweeps below touch the jobs (a
    // sweep leaves a job whose data changes under it to the next sweep, which would read here as
    // a job no sweep removed).
    await s.worker.close(5_000);
    const workers = [1, 2, 3].map(() => retentionOptions(s, new LogCapture()));

    const counts = await Promise.all(workers.map((options) => removeExpiredPersonalData(options)));
    const stripped = await Promise.all(ids.map((id) => reread(s.deliveries, id)));
    const again = await removeExpiredPersonalData(retentionOptions(s));

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(ids.length);
    expect(again).toBe(0);
    for (const job of stripped) expect(job.data.personalDataRemoved).toBeDefined();
    const later = await Promise.all(ids.map((id) => reread(s.deliveries, id)));
    expect(later.map((job) => job.data)).toEqual(stripped.map((job) => job.data));
  });

  it('a lead whose personal data was removed is never delivered, even when retried from the dashboard', async () => {
    stack = await startStack();
    const s = stack;
    s.sim.faults.set({ denyPrivilege: true });
    const id = await s.post(lead('contoso.widget', 1));
    const failed = await jobIn(s, id, 'failed');
    await failedDaysAgo(s.deliveries, id, 31);
    retention = startFailedRetention(retentionOptions(s));
    await eventually(async () => (await reread(s.deliveries, id)).data.personalDataRemoved);
    s.sim.faults.reset();

    await (await reread(s.deliveries, id)).retry();

    const refused = await eventually(async () => {
      const job = await reread(s.deliveries, id);
      return job.finishedOn && (await job.getState()) === 'failed' ? job : undefined;
    });
    expect(refused.failedReason).toContain(failed.failedReason);
    expect(refused.failedReason).toContain('personal data removed');
    expect(s.sim.leads()).toHaveLength(0);
  });
});
