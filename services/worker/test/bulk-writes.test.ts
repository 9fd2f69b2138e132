import {
  DELIVER_TO_DESTINATION_JOB,
  LEAD_JOB_OPTIONS,
  describeOrigin,
  newLeadId,
  parseLead,
  type DestinationJobData,
} from '@leadbridge/lead-model';
import { DEFAULT_DESTINATION_NAME } from '@leadbridge/config';
import { createLeadActivityReader } from '@leadbridge/lead-activity';
import { createProducerConnection } from '@leadbridge/service-kit';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import type { BulkWriteSettings } from '../src';
import { MAX_BATCHES_IN_FLIGHT } from '../src/delivery/batch-processor';
import { eventually, startStack, type Stack } from './stack';

// Hundreds of leads through the real worker, Redis and simulator: seconds, not milliseconds.
jest.setTimeout(90_000);

const AUTO: BulkWriteSettings = { mode: 'auto', batchSize: 100, backlog: 200 };

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The documented example lead without its action code (some tests give it back to a few). */
function exampleLead(changes: object = {}): object {
  const { ActionCode: _dropped, ...lead } = documentedExample;
  return { ...lead, ...changes };
}

/**
 * Queues `count` delivery jobs for the Dataverse destination at once, as routing queues them,
 * so the destination starts with a backlog; resolves to their lead ids in order.
 */
async function queueLeads(
  s: Stack,
  count: number,
  leadOf: (index: number) => object = () => exampleLead(),
  beforeResume: (ids: string[]) => Promise<void> = async () => undefined,
): Promise<string[]> {
  const jobs = Array.from({ length: count }, (_, index) => {
    const parsed = parseLead(leadOf(index));
    if (!parsed.ok) throw new Error('fixture must be valid');
    const leadId = newLeadId();
    const data: DestinationJobData = {
      leadId,
      requestId: `bulk-test-${index}`,
      correlationId: `bulk-test-${index}`,
      receivedAt: new Date().toISOString(),
      rawBody: '{}',
      lead: parsed.lead,
      origin: describeOrigin(parsed.lead),
      destination: DEFAULT_DESTINATION_NAME,
    };
    return { name: DELIVER_TO_DESTINATION_JOB, data, opts: { ...LEAD_JOB_OPTIONS, jobId: leadId } };
  });
  // Paused while they are added, so the workers find them all waiting: a backlog.
  await s.deliveries.pause();
  await s.deliveries.addBulk(jobs);
  const ids = jobs.map((job) => job.data.leadId);
  await beforeResume(ids);
  await s.deliveries.resume();
  return ids;
}

/** Every lead id in the simulator, with how many records carry it. */
function recordsById(s: Stack): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of s.sim.leads()) {
    const id = String(record.leadid);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function allCompleted(s: Stack, count: number, timeoutMs = 60_000) {
  await eventually(async () => (await s.deliveries.getCompletedCount()) === count, timeoutMs);
}

/** Dataverse requests that wrote or tried to write leads: single PATCHes and CreateMultiple. */
function writeRequests(s: Stack): number {
  const { requests } = s.sim.stats();
  const sum = (kind: 'leads' | 'create-multiple') =>
    Object.values(requests[kind] ?? {}).reduce((total, count) => total + count, 0);
  return sum('leads') + sum('create-multiple');
}

describe('with DATAVERSE_BULK_WRITES=auto, a backlog of leads reaches Dynamics in bulk', () => {
  it('writes 1,000 queued leads exactly once each, with their ids, in far fewer than 1,000 requests', async () => {
    stack = await startStack({ bulkWrites: AUTO });

    const ids = await queueLeads(stack, 1_000);
    await allCompleted(stack, 1_000);

    const records = recordsById(stack);
    expect(records.size).toBe(1_000);
    expect(ids.every((id) => records.get(id) === 1)).toBe(true);
    const stats = stack.sim.stats();
    expect(stats.bulkRequests).toBeGreaterThan(0);
    expect(writeRequests(stack)).toBeLessThan(300);
    const metrics = await stack.metrics.registry.getSingleMetricAsString(
      'leadbridge_dataverse_bulk_leads_total',
    );
    expect(metrics).toContain(
      `leadbridge_dataverse_bulk_leads_total{destination="${DEFAULT_DESTINATION_NAME}"} ${stats.bulkWrites}`,
    );
    expect(await stack.deliveries.getFailedCount()).toBe(0);
    // Each lead of a batch has its own log line, naming it and nothing personal.
    const bulkLines = stack.logs.lines.filter((line) =>
      line.includes('written to Dataverse in bulk'),
    );
    expect(bulkLines).toHaveLength(stats.bulkWrites);
    expect(bulkLines.some((line) => line.includes(documentedExample.UserDetails.Email))).toBe(
      false,
    );
    // Each lead of a batch has its own attempt in the leads pages, with the link to its record.
    const redis = createProducerConnection(testRedisUrl());
    try {
      // A producer connection queues nothing while it connects.
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
      const reader = createLeadActivityReader({ connection: redis, prefix: stack.prefix });
      for (const id of [ids[0], ids[500], ids[999]]) {
        const recordUrl = `${stack.sim.url}/main.aspx?etn=lead&id=${id ?? ''}&pagetype=entityrecord`;
        expect(await reader.timeline(id ?? '')).toContainEqual(
          expect.objectContaining({ kind: 'attempt', attempt: 1, outcome: 'delivered', recordUrl }),
        );
      }
    } finally {
      redis.disconnect();
    }
  });

  it('writes every lead once when some of the batch are in Dynamics already', async () => {
    stack = await startStack({ bulkWrites: AUTO });
    const s = stack;
    // Two leads written before the worker sees them, as by a worker that died before it could
    // say so. Each worker slot that builds a batch holds a lead of its own first, so the two can
    // spoil at most two batches; the 400 leads beyond those keep the backlog above AUTO's 200, so
    // batches go on in bulk whichever slots the two land in.
    const written = 2;
    const ids = await queueLeads(s, 600, undefined, async (queued) => {
      for (const id of queued.slice(0, written)) {
        await s.dataverse.createLeadOnce(id, { lastname: 'Written before' });
      }
    });

    await allCompleted(stack, 600);

    const records = recordsById(stack);
    expect(records.size).toBe(600);
    expect(ids.every((id) => records.get(id) === 1)).toBe(true);
    expect(await stack.deliveries.getFailedCount()).toBe(0);
    const already = await Promise.all(
      ids.slice(0, written).map(async (id) => (await stack?.deliveries.getJob(id))?.returnvalue),
    );
    expect(already.map((result) => result?.outcome)).toEqual(
      Array(written).fill('already_written'),
    );
    // The rest went in bulk: the batches that met them were settled lead by lead.
    expect(stack.sim.stats().bulkRequests).toBeGreaterThan(0);
    expect(stack.sim.stats().requests['create-multiple']?.['412']).toBeGreaterThan(0);
  });

  it('writes every lead once when the answer to a batch is lost after Dynamics stored it', async () => {
    stack = await startStack({ bulkWrites: AUTO });
    // The first write is stored, then the connection is cut: the batch is retried as a whole.
    stack.sim.faults.set({ dropAfterWrite: 1 });

    const ids = await queueLeads(stack, 300);
    await allCompleted(stack, 300);

    const records = recordsById(stack);
    expect(ids.every((id) => records.get(id) === 1)).toBe(true);
    expect(stack.sim.stats().requests['create-multiple']?.dropped).toBe(1);
    expect(await stack.deliveries.getFailedCount()).toBe(0);
    const completed = await stack.deliveries.getCompleted(0, 299);
    const already = completed.filter((job) => job.returnvalue.outcome === 'already_written');
    expect(already.length).toBeGreaterThan(0);
  });

  it('fails only the lead Dynamics refuses, and writes the rest of its batch', async () => {
    // A column the org does not have, filled only for leads with an action code.
    stack = await startStack({ bulkWrites: AUTO, mapping: { new_notacolumn: 'ActionCode' } });

    const ids = await queueLeads(stack, 300, (index) =>
      index === 150 ? exampleLead({ ActionCode: 'INS' }) : exampleLead(),
    );
    const bad = ids[150] ?? '';
    await eventually(
      async () =>
        (await stack?.deliveries.getCompletedCount()) === 299 &&
        (await stack?.deliveries.getFailedCount()) === 1,
      60_000,
    );

    const records = recordsById(stack);
    expect(records.size).toBe(299);
    expect(records.has(bad)).toBe(false);
    expect(await stack.deliveries.getJobState(bad)).toBe('failed');
    expect(stack.sim.stats().bulkRequests).toBeGreaterThan(0);
  });

  it('fails every lead of a batch the app may not write, without looking for a bad lead in it', async () => {
    stack = await startStack({ bulkWrites: AUTO });
    stack.sim.faults.set({ denyPrivilege: true });

    await queueLeads(stack, 300);
    await eventually(async () => (await stack?.deliveries.getFailedCount()) === 300, 60_000);

    const batches = Object.values(stack.sim.stats().requests['create-multiple'] ?? {});
    const sent = batches.reduce((total, count) => total + count, 0);
    expect(sent).toBeGreaterThan(0);
    // Halving a batch of 100 down to single leads would take 199 requests.
    expect(sent).toBeLessThan(10);
    expect(stack.sim.leads()).toHaveLength(0);
  });

  it('writes leads one by one, all of them, when the org has no CreateMultiple', async () => {
    stack = await startStack({ bulkWrites: AUTO });
    stack.sim.faults.set({ createMultipleUnavailable: true });

    const ids = await queueLeads(stack, 300);
    await allCompleted(stack, 300);

    const records = recordsById(stack);
    expect(ids.every((id) => records.get(id) === 1)).toBe(true);
    expect(stack.sim.stats().requests['create-multiple']).toBeUndefined();
    expect(stack.logs.lines.filter((line) => line.includes('no CreateMultiple'))).toHaveLength(1);
  });

  it('waits out a refusal for execution time, then writes the batch, exactly once', async () => {
    stack = await startStack({ bulkWrites: { ...AUTO, batchSize: 50 }, concurrency: 2 });
    // A batch of 50 costs 150 ms: the first two batches spend the budget, the next are refused.
    stack.sim.faults.set({
      recordWriteMs: 3,
      serviceProtection: { executionMs: 300, windowSeconds: 2 },
    });

    const ids = await queueLeads(stack, 400);
    await allCompleted(stack, 400);

    const records = recordsById(stack);
    expect(ids.every((id) => records.get(id) === 1)).toBe(true);
    const stats = stack.sim.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.bulkRequests).toBeGreaterThan(0);
    expect(await stack.deliveries.getFailedCount()).toBe(0);
    // One throttling answer per refused batch, not one per lead in it.
    const throttles = await stack.metrics.registry
      .getSingleMetric('leadbridge_dataverse_throttled_total')
      ?.get();
    expect(throttles?.values[0]?.value).toBe(stats.throttled);
    // Waiting out Retry-After spends no attempt: each lead completed on its one attempt.
    const jobs = await stack.deliveries.getCompleted(0, 399);
    expect(jobs.filter((job) => job.attemptsMade !== 1)).toEqual([]);
  });

  it('appends repeat customers one by one, never in bulk, with update-open-lead', async () => {
    stack = await startStack({
      bulkWrites: AUTO,
      simulator: {
        customColumns: [{ logicalName: 'new_offerid', type: 'String', maxLength: 100 }],
      },
      mapping: { new_offerid: 'OfferId' },
      policies: { repeatCustomers: { action: 'update-open-lead', offerColumn: 'new_offerid' } },
    });

    // Each its own customer, so each is a new lead; but which is the policy's to find out.
    const ids = await queueLeads(stack, 250, (index) =>
      exampleLead({
        LeadSource: 'AzureMarketplace-INS|contoso.widget',
        UserDetails: { ...documentedExample.UserDetails, Email: `customer${index}@contoso.com` },
      }),
    );
    await allCompleted(stack, 250);

    const records = recordsById(stack);
    expect(ids.every((id) => records.get(id) === 1)).toBe(true);
    expect(stack.sim.stats().requests['create-multiple']).toBeUndefined();
  });

  it('writes a lead that arrives while a backlog drains ahead of that backlog', async () => {
    stack = await startStack({ bulkWrites: AUTO, concurrency: 2 });
    const s = stack;
    // Each record costs 5 ms: a batch of 100 takes half a second, the backlog several seconds.
    s.sim.faults.set({ recordWriteMs: 5 });
    const ids = await queueLeads(s, 3_000);
    await eventually(async () => (await s.deliveries.getCompletedCount()) >= 200, 30_000);

    const fresh = await s.post(
      exampleLead({
        UserDetails: { ...documentedExample.UserDetails, Email: 'fresh@contoso.com' },
      }),
    );
    await eventually(async () => (await s.deliveries.getJobState(fresh)) === 'completed', 30_000);

    // Written within the next batches, while most of the backlog still waits: not behind it.
    expect(await s.deliveries.getWaitingCount()).toBeGreaterThan(1_000);
    expect(recordsById(s).get(fresh)).toBe(1);
    await allCompleted(s, 3_001);
    const records = recordsById(s);
    expect(records.size).toBe(3_001);
    expect(ids.every((id) => records.get(id) === 1)).toBe(true);
  });

  it("writes at most three batches at once, within Dataverse's execution-time limit", async () => {
    stack = await startStack({ bulkWrites: AUTO, concurrency: 8 });
    const s = stack;
    // A batch of 100 takes 2 s: sampling the requests in flight sees every batch running.
    s.sim.faults.set({ recordWriteMs: 20 });
    await queueLeads(s, 2_000);

    let most = 0;
    while ((await s.deliveries.getWaitingCount()) >= 300) {
      most = Math.max(most, s.sim.stats().inFlight);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(MAX_BATCHES_IN_FLIGHT).toBe(3);
    expect(most).toBe(MAX_BATCHES_IN_FLIGHT);
    await allCompleted(s, 2_000);
    expect(s.sim.stats().throttled).toBe(0);
  });

  it('writes one lead with no backlog at once, by itself', async () => {
    stack = await startStack({ bulkWrites: AUTO });

    const [id] = await queueLeads(stack, 1);
    await allCompleted(stack, 1);

    expect(recordsById(stack).get(id ?? '')).toBe(1);
    const { requests, bulkRequests } = stack.sim.stats();
    expect(bulkRequests).toBe(0);
    expect(requests['create-multiple']).toBeUndefined();
    expect(requests.leads).toEqual({ '204': 1 });
  });
});

describe('with DATAVERSE_BULK_WRITES=off', () => {
  it('writes a backlog one lead per request', async () => {
    stack = await startStack();

    const ids = await queueLeads(stack, 300);
    await allCompleted(stack, 300);

    expect(ids.every((id) => recordsById(stack as Stack).get(id) === 1)).toBe(true);
    expect(stack.sim.stats().bulkRequests).toBe(0);
    expect(stack.sim.stats().requests['create-multiple']).toBeUndefined();
  });
});
