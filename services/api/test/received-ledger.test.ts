import { randomUUID } from 'node:crypto';
import { contentKeyFor, newLeadId, parseLead, type Lead } from '@leadbridge/lead-model';
import { acceptLead } from '../src/ingest/accept-lead';
import { connectionReady, createProducerConnection } from '@leadbridge/service-kit';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import type { Redis } from 'ioredis';
import { createQueueLeadStore, type LeadStore } from '../src/ingest/lead-store';
import { createLeadRecords } from '../src/ingest/lead-records';
import { createLookupHash } from '../src/ingest/lookup-hash';
import { createReceivedLedger, type ReceivedLedger } from '../src/ingest/received-ledger';
import { ReceivedMatcher } from '../src/import/received-match';

const HOUR = 3_600_000;

let redis: Redis;
let prefix: string;
let ledger: ReceivedLedger;
let store: LeadStore;

beforeEach(async () => {
  redis = createProducerConnection(testRedisUrl());
  await connectionReady(redis);
  prefix = `test-${randomUUID()}`;
  const hash = createLookupHash({ connection: redis, prefix, key: 'ledger-test-key-0123456789' });
  ledger = createReceivedLedger({ connection: redis, prefix, hash });
  store = createQueueLeadStore({
    connection: redis,
    prefix,
    records: createLeadRecords({ connection: redis, prefix, hash, index: false }),
  });
});
afterEach(async () => {
  await store.queue.obliterate({ force: true });
  await store.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function post(body: object, receivedAt = new Date()) {
  return acceptLead({ body, rawBody: JSON.stringify(body), requestId: 'r', receivedAt }, store);
}

function leadOf(body: object): Lead {
  const parsed = parseLead(body);
  if (!parsed.ok) throw new Error('fixture must be valid');
  return parsed.lead;
}

async function eventually<T>(check: () => Promise<T>, until: (value: T) => boolean): Promise<T> {
  for (let tries = 0; ; tries++) {
    const value = await check();
    if (until(value) || tries > 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the received ledger the import compares with', () => {
  it('records each stored lead under its address (any case), once for a redelivery, and a lead without one under its content', async () => {
    const first = await post({ ...documentedExample, OfferTitle: 'Widget' });
    const redelivery = await post({ ...documentedExample, OfferTitle: 'Widget' });
    const anonymous = { OfferTitle: 'Widget', LeadSource: 'AzureMarketplace-INS|contoso.widget' };
    const withheld = await post(anonymous);

    expect(redelivery).toMatchObject({ ok: true, status: 'duplicate' });
    const records = await eventually(
      () => ledger.byEmail(' SomeOne@Contoso.COM '),
      (found) => found.length === 1,
    );
    expect(records).toEqual([
      {
        leadId: first.ok ? first.leadId : '',
        contentKey: contentKeyFor(leadOf({ ...documentedExample, OfferTitle: 'Widget' })),
        at: expect.any(Number) as number,
        offerTitle: 'Widget',
      },
    ]);
    expect(await ledger.byContent(contentKeyFor(leadOf(anonymous)))).toEqual([
      expect.objectContaining({
        leadId: withheld.ok ? withheld.leadId : '',
        offerId: 'contoso.widget',
      }),
    ]);
    expect(await ledger.since()).toBeLessThanOrEqual(Date.now());
    // Nothing in the keys names the person.
    expect((await redis.keys(`${prefix}:leadbridge:*`)).join(' ')).not.toMatch(/contoso\.com/i);
  });

  it('takes each stored lead for one row: the nearest in time, within the tolerance, for the same offer', async () => {
    // Ten days ago: well inside the 200 days the ledger keeps.
    const created = Date.now() - 240 * HOUR;
    const entry = (at: number, offerTitle: string) => ({
      leadId: newLeadId(),
      contentKey: randomUUID(),
      at,
      email: 'someone@contoso.com',
      offerTitle,
    });
    const near = entry(created + 2 * HOUR, 'Widget');
    const far = entry(created - 30 * HOUR, 'widget ');
    const otherOffer = entry(created, 'Gadget');
    const tooLate = entry(created + 40 * HOUR, 'Widget');
    for (const record of [near, far, otherOffer, tooLate]) await ledger.record(record);
    const matcher = new ReceivedMatcher(ledger, 36 * HOUR);
    const row = {
      contentKey: 'not stored',
      email: 'SOMEONE@contoso.com',
      offerTitle: 'Widget',
      createdAt: created,
    };

    expect(await matcher.find(row)).toEqual({
      leadId: near.leadId,
      by: 'email-offer-time',
      hoursApart: 2,
    });
    expect(await matcher.find(row)).toEqual({
      leadId: far.leadId,
      by: 'email-offer-time',
      hoursApart: 30,
    });
    expect(await matcher.find(row)).toBeUndefined();
    expect(await matcher.find({ ...row, contentKey: tooLate.contentKey })).toEqual({
      leadId: tooLate.leadId,
      by: 'content',
    });
  });
});
