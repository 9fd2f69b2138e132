import { activityKeys, forgetLeadActivity, recordOperatorAction } from '../src';
import { activityFixture, aLead, type ActivityFixture } from './activity-fixture';

let fx: ActivityFixture;
afterEach(() => fx.close());

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('the leads list', () => {
  beforeEach(() => {
    fx = activityFixture();
  });

  it('shows the newest first, a page at a time, with the total', async () => {
    const now = Date.now();
    const leads = Array.from({ length: 7 }, (_, n) => aLead({}, new Date(now - n * MINUTE)));
    for (const lead of leads) await fx.writer.received(lead);

    const first = await fx.reader.list({}, { page: 1, size: 3 });
    const third = await fx.reader.list({}, { page: 3, size: 3 });

    expect(first.total).toBe(7);
    expect(first.leads.map((lead) => lead.id)).toEqual(leads.slice(0, 3).map((lead) => lead.id));
    expect(third.leads.map((lead) => lead.id)).toEqual([leads[6]?.id]);
  });

  it('narrows by state, destination, offer, action code, test leads and time, all at once', async () => {
    const now = Date.now();
    const wanted = aLead({ offer: 'Fabrikam CRM', actionCode: 'PLT' }, new Date(now - 10 * MINUTE));
    const others = [
      aLead(
        { offer: 'Fabrikam CRM', actionCode: 'PLT', isTestLead: true },
        new Date(now - 10 * MINUTE),
      ),
      aLead({ offer: 'Fabrikam CRM', actionCode: 'INS' }, new Date(now - 10 * MINUTE)),
      aLead({ offer: 'Contoso', actionCode: 'PLT' }, new Date(now - 10 * MINUTE)),
      aLead({ offer: 'Fabrikam CRM', actionCode: 'PLT' }, new Date(now - 3 * DAY)),
    ];
    for (const lead of [wanted, ...others]) {
      await fx.writer.routed(lead, { destinations: ['crm'], reason: 'every lead' });
      await fx.writer.attempt(lead, {
        destination: 'crm',
        attempt: 1,
        outcome: 'failed',
        reason: 'x',
      });
    }
    const delivered = aLead(
      { offer: 'Fabrikam CRM', actionCode: 'PLT' },
      new Date(now - 10 * MINUTE),
    );
    await fx.writer.routed(delivered, { destinations: ['crm'], reason: 'every lead' });
    await fx.writer.attempt(delivered, { destination: 'crm', attempt: 1, outcome: 'delivered' });

    const page = await fx.reader.list(
      {
        state: 'failed',
        destination: 'crm',
        offer: 'Fabrikam CRM',
        actionCode: 'PLT',
        testLeads: 'exclude',
        from: new Date(now - DAY),
        to: new Date(now),
      },
      { page: 1, size: 50 },
    );
    expect(page).toMatchObject({ total: 1, leads: [{ id: wanted.id, state: 'failed' }] });

    const tests = await fx.reader.list({ testLeads: 'only' }, { page: 1, size: 50 });
    expect(tests.leads.map((lead) => lead.id)).toEqual([others[0]?.id]);
    expect((await fx.reader.list({ destination: 'nowhere' }, { page: 1, size: 50 })).total).toBe(0);
  });

  it('a search shows only the leads found, still filtered', async () => {
    const a = aLead({ actionCode: 'INS' });
    const b = aLead({ actionCode: 'PLT' });
    const c = aLead({ actionCode: 'INS' });
    for (const lead of [a, b, c]) await fx.writer.received(lead);

    const found = await fx.reader.list({ ids: [a.id, b.id, 'not-a-lead'] }, { page: 1, size: 50 });
    const narrowed = await fx.reader.list(
      { ids: [a.id, b.id], actionCode: 'PLT' },
      { page: 1, size: 50 },
    );
    const none = await fx.reader.list({ ids: [] }, { page: 1, size: 50 });

    expect(found.leads.map((lead) => lead.id).sort()).toEqual([a.id, b.id].sort());
    expect(narrowed.leads.map((lead) => lead.id)).toEqual([b.id]);
    expect(none.total).toBe(0);
    // The intersections it built are gone.
    expect((await fx.keys()).filter((key) => key.includes(':tmp:'))).toEqual([]);
  });

  it('offers the offers, destinations and action codes seen as filters', async () => {
    const lead = aLead({ offer: 'Zeta', actionCode: 'PLT' });
    await fx.writer.routed(lead, { destinations: ['sales', 'crm'], reason: 'every lead' });
    await fx.writer.received(aLead({ offer: 'Alpha', actionCode: 'INS' }));

    expect(await fx.reader.facets()).toEqual({
      offers: ['Alpha', 'Zeta'],
      destinations: ['crm', 'sales'],
      actionCodes: ['INS', 'PLT'],
    });
  });

  it('an erased lead is gone from the list, its page and every index; the day counts stay', async () => {
    const lead = aLead();
    const kept = aLead();
    for (const each of [lead, kept]) {
      await fx.writer.routed(each, { destinations: ['crm'], reason: 'every lead' });
      await fx.writer.attempt(each, { destination: 'crm', attempt: 1, outcome: 'delivered' });
    }

    expect(await forgetLeadActivity({ connection: fx.redis, prefix: fx.prefix }, [lead.id])).toBe(
      1,
    );

    expect(await fx.reader.get(lead.id)).toBeUndefined();
    expect(await fx.reader.timeline(lead.id)).toEqual([]);
    const holding: string[] = [];
    for (const key of await fx.keys()) {
      const type = await fx.redis.type(key);
      if (type === 'zset' && (await fx.redis.zscore(key, lead.id)) !== null) holding.push(key);
      if (key.includes(lead.id)) holding.push(key);
    }
    expect(holding).toEqual([]);
    expect((await fx.reader.list({}, { page: 1, size: 10 })).total).toBe(1);
    expect(Object.values((await fx.reader.overview(1)).byOffer)).toEqual([[2]]);
  });

  it('records who retried a delivery, for the admin listener', async () => {
    const lead = aLead();
    await fx.writer.routed(lead, { destinations: ['crm'], reason: 'every lead' });
    const store = { connection: fx.redis, prefix: fx.prefix };

    expect(
      await recordOperatorAction(store, lead.id, {
        kind: 'retried',
        destination: 'crm',
        by: 'ada',
      }),
    ).toBe(true);
    expect(await recordOperatorAction(store, 'expired', { kind: 'replayed', by: 'ada' })).toBe(
      false,
    );
    expect((await fx.reader.timeline(lead.id)).at(-1)).toMatchObject({
      kind: 'retried',
      destination: 'crm',
      by: 'ada',
    });
  });
});

describe('retention', () => {
  beforeEach(() => {
    fx = activityFixture(2);
  });

  it('a lead past LEAD_ACTIVITY_DAYS leaves the indexes as new leads arrive, and its keys expire', async () => {
    const now = Date.now();
    const old = aLead({}, new Date(now - 3 * DAY));
    const recent = aLead({}, new Date(now - 1 * DAY));
    // Recorded while it was recent, as the worker would have.
    const keys = activityKeys(fx.prefix);
    await fx.redis.zadd(keys.all, now - 3 * DAY, old.id);
    await fx.redis.zadd(keys.state('received'), now - 3 * DAY, old.id);
    await fx.redis.zadd(keys.state('failed'), now - 3 * DAY, old.id);

    await fx.writer.received(recent);
    await fx.writer.received(old);

    const page = await fx.reader.list({}, { page: 1, size: 10 });
    expect(page.leads.map((lead) => lead.id)).toEqual([recent.id]);
    expect(await fx.redis.zscore(keys.state('received'), old.id)).toBeNull();
    expect((await fx.reader.list({ state: 'failed' }, { page: 1, size: 10 })).total).toBe(0);
    const ttl = await fx.redis.pttl(keys.summary(recent.id));
    expect(ttl).toBeGreaterThan(0.9 * DAY);
    expect(ttl).toBeLessThanOrEqual(DAY);
  });
});
