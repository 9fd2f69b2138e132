import type { AxiosResponse } from 'axios';
import { randomUUID } from 'node:crypto';
import { sampleLead, startHarness, type Harness } from './support/harness';

const ACTION = 'leads/Microsoft.Dynamics.CRM.CreateMultiple';

function batch(count: number): { Targets: Record<string, unknown>[] } {
  return {
    Targets: Array.from({ length: count }, () => ({
      '@odata.type': 'Microsoft.Dynamics.CRM.lead',
      ...sampleLead(),
      leadid: randomUUID(),
    })),
  };
}

describe('bulk writes against the service protection limits', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('a CreateMultiple of 300 leads counts once against the request limit', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ serviceProtection: { requests: 2, windowSeconds: 60 } });

    const bulk = await dataverse.post(ACTION, batch(300), { headers });
    const second = await dataverse.get('WhoAmI', { headers });
    const third = await dataverse.get('WhoAmI', { headers });

    expect(bulk.status).toBe(200);
    expect(bulk.headers['x-ms-ratelimit-burst-remaining-xrm-requests']).toBe('1');
    expect(second.status).toBe(200);
    expect(third.status).toBe(429);
    expect(third.data.error.code).toBe('0x80072322');
    expect(sim.leads()).toHaveLength(300);
  });

  test('big batches use up the execution time budget: then 429 0x80072321 with Retry-After until it frees', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    // 300 records at 2 ms each: about 600 ms a batch, so the second batch passes 1,000 ms.
    sim.faults.set({
      serviceProtection: { requests: 100, executionMs: 1000, windowSeconds: 3 },
      recordWriteMs: 2,
    });

    const first = await dataverse.post(ACTION, batch(300), { headers });
    const second = await dataverse.post(ACTION, batch(300), { headers });
    const refused = await dataverse.post(ACTION, batch(300), { headers });
    const refusedSingle = await dataverse.post('leads', sampleLead(), { headers });

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.data.error).toEqual({
      code: '0x80072321',
      message:
        'Combined execution time of incoming requests exceeded limit of 1,000 milliseconds ' +
        'over time window of 3 seconds. Decrease number of concurrent requests or reduce the ' +
        'duration of requests and try again later.',
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    expect(refusedSingle.status).toBe(429);
    expect(sim.leads()).toHaveLength(600);
    expect(sim.stats()).toMatchObject({ bulkRequests: 2, bulkWrites: 600, throttled: 2 });

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    const afterWait = await dataverse.post(ACTION, batch(10), { headers });
    expect(afterWait.status).toBe(200);
  });

  test('single creates spend the budget too, and the request that goes over is still served', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({
      serviceProtection: { executionMs: 1000, windowSeconds: 60 },
      recordWriteMs: 400,
    });

    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await dataverse.post('leads', sampleLead(), { headers })).status);

    // About 800 ms used after two: the third is admitted and goes over, as Dataverse lets a client.
    expect(statuses).toEqual([204, 204, 204, 429]);
    expect(sim.leads()).toHaveLength(3);
  });

  test('after an execution-time refusal, waiting out its Retry-After is enough', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({
      serviceProtection: { executionMs: 200, windowSeconds: 2 },
      recordWriteMs: 250,
    });

    const served = await dataverse.post('leads', sampleLead(), { headers });
    const refusals: AxiosResponse[] = [];
    for (let i = 0; i < 5; i += 1) refusals.push(await dataverse.get('WhoAmI', { headers }));
    await new Promise((resolve) =>
      setTimeout(resolve, Number(refusals[4]?.headers['retry-after']) * 1000 + 100),
    );
    const afterWait = await dataverse.get('WhoAmI', { headers });

    expect(served.status).toBe(204);
    expect(refusals.map((answer) => answer.status)).toEqual([429, 429, 429, 429, 429]);
    expect(refusals[4]?.headers['retry-after']).toMatch(/^[12]$/);
    expect(afterWait.status).toBe(200);
  });

  test('executionMs is checked like the other limits: a bad value changes nothing', () => {
    const { sim } = harness;

    expect(() => sim.faults.set({ serviceProtection: { executionMs: 0 } })).toThrow(
      'serviceProtection.executionMs must be a whole number from 1',
    );
    expect(() => sim.faults.set({ recordWriteMs: -1 })).toThrow('recordWriteMs must be a number');
    expect(sim.faults.get()).toMatchObject({ serviceProtection: null, recordWriteMs: 0 });
  });
});
