import { bucketUpperMs, latencyBucket, utcDay } from '../src';
import { activityFixture, aLead, type ActivityFixture } from './activity-fixture';

let fx: ActivityFixture;
beforeEach(() => {
  fx = activityFixture();
});
afterEach(() => fx.close());

const DAY = 24 * 60 * 60 * 1000;

async function deliveredAfter(receivedAt: Date, ms: number, offer = 'Contoso'): Promise<void> {
  const lead = aLead({ offer }, receivedAt);
  await fx.writer.routed(lead, { destinations: ['crm'], reason: 'every lead' }, receivedAt);
  await fx.writer.attempt(
    lead,
    { destination: 'crm', attempt: 1, outcome: 'delivered' },
    new Date(receivedAt.getTime() + ms),
  );
}

describe('the overview', () => {
  it('counts leads per day by offer and action code, aligned to the days and zero-filled', async () => {
    const now = new Date();
    const yesterday = new Date(now.getTime() - DAY);
    await fx.writer.received(aLead({ offer: 'Contoso', actionCode: 'INS' }, now));
    await fx.writer.received(aLead({ offer: 'Contoso', actionCode: 'PLT' }, now));
    await fx.writer.received(aLead({ offer: 'Fabrikam', actionCode: 'INS' }, yesterday));
    await fx.writer.received(aLead({ offer: undefined, actionCode: undefined }, yesterday));

    const overview = await fx.reader.overview(3, now);

    expect(overview.days).toEqual([
      utcDay(now.getTime() - 2 * DAY),
      utcDay(yesterday),
      utcDay(now),
    ]);
    expect(overview.byOffer).toEqual({
      Contoso: [0, 0, 2],
      Fabrikam: [0, 1, 0],
      '(none)': [0, 1, 0],
    });
    expect(overview.byAction).toEqual({ INS: [0, 1, 1], PLT: [0, 0, 1], '(none)': [0, 1, 0] });
    expect(overview.latency[0]).toEqual({ day: overview.days[0], p50Ms: null, p95Ms: null });
  });

  it("gives each day's median and 95th percentile delivery time, to its bucket's bound", async () => {
    // Noon today: the writes land on the same UTC day as the receipts.
    const noon = new Date(`${utcDay(new Date())}T12:00:00.000Z`);
    for (let n = 0; n < 18; n++) await deliveredAfter(noon, 1_000);
    await deliveredAfter(noon, 60_000);
    await deliveredAfter(noon, 600_000);

    const [today] = (await fx.reader.overview(1, noon)).latency;

    expect(today?.p50Ms).toBe(bucketUpperMs(latencyBucket(1_000)));
    expect(today?.p95Ms).toBe(bucketUpperMs(latencyBucket(60_000)));
    // Within the buckets' resolution of the true values.
    expect(today?.p50Ms).toBeGreaterThanOrEqual(1_000);
    expect(today?.p50Ms).toBeLessThan(1_200);
  });

  it('counts failures over the range by reason class', async () => {
    const now = new Date();
    for (const [n, failureClass] of [
      'permanent 403 0x80040220',
      'permanent 403 0x80040220',
      'transient 503',
    ].entries()) {
      const lead = aLead({}, now);
      await fx.writer.routed(lead, { destinations: ['crm'], reason: 'every lead' });
      await fx.writer.attempt(
        lead,
        { destination: 'crm', attempt: 1, outcome: 'failed', reason: 'x', failureClass },
        new Date(now.getTime() - n * DAY),
      );
    }

    expect((await fx.reader.overview(7, now)).failuresByReason).toEqual({
      'permanent 403 0x80040220': 2,
      'transient 503': 1,
    });
    expect((await fx.reader.overview(1, now)).failuresByReason).toEqual({
      'permanent 403 0x80040220': 1,
    });
  });
});

describe('with tens of thousands of leads', () => {
  jest.setTimeout(60_000);

  it('a filtered page answers in well under 100 ms', async () => {
    const now = Date.now();
    const offers = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin'];
    const batch: Promise<void>[] = [];
    for (let n = 0; n < 20_000; n++) {
      const lead = aLead(
        { offer: offers[n % 4], actionCode: n % 3 === 0 ? 'PLT' : 'INS', isTestLead: n % 10 === 0 },
        new Date(now - n * 1_000),
      );
      batch.push(
        fx.writer.routed(lead, {
          destinations: n % 2 === 0 ? ['crm'] : ['crm', 'sales'],
          reason: 'r',
        }),
      );
      if (batch.length === 500) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    expect((await fx.reader.list({}, { page: 1, size: 1 })).total).toBe(20_000);

    const timings: number[] = [];
    let page = { total: 0, leads: [] as unknown[] };
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      page = await fx.reader.list(
        {
          state: 'delivering',
          destination: 'sales',
          offer: 'Fabrikam',
          actionCode: 'INS',
          testLeads: 'exclude',
        },
        { page: 3, size: 50 },
      );
      timings.push(performance.now() - started);
    }

    expect(page.leads).toHaveLength(50);
    expect(page.total).toBeGreaterThan(1_000);
    expect(Math.min(...timings)).toBeLessThan(100);
  });
});
