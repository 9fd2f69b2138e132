import { createHmac, randomUUID } from 'node:crypto';
import { connectionReady, createProducerConnection } from '@leadbridge/service-kit';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import type { Redis } from 'ioredis';
import { acceptLead } from '../src/ingest/accept-lead';
import { createEmailIndex, type EmailIndex } from '../src/ingest/email-index';
import { createLeadRecords } from '../src/ingest/lead-records';
import { createQueueLeadStore, type LeadStore } from '../src/ingest/lead-store';
import { createLookupHash } from '../src/ingest/lookup-hash';
import { createReceivedLedger, type ReceivedLedger } from '../src/ingest/received-ledger';

const HASH_KEY = 'records-test-key-0123456789';

let redis: Redis;
let prefix: string;
let index: EmailIndex;
let ledger: ReceivedLedger;
let store: LeadStore;

beforeEach(async () => {
  redis = createProducerConnection(testRedisUrl());
  await connectionReady(redis);
  prefix = `test-${randomUUID()}`;
  const hash = createLookupHash({ connection: redis, prefix, key: HASH_KEY });
  index = createEmailIndex({ connection: redis, prefix, hash });
  ledger = createReceivedLedger({ connection: redis, prefix, hash });
  store = createQueueLeadStore({
    connection: redis,
    prefix,
    records: createLeadRecords({ connection: redis, prefix, hash }),
  });
});
afterEach(async () => {
  await store.queue.obliterate({ force: true });
  await store.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function post(body: object) {
  return acceptLead(
    { body, rawBody: JSON.stringify(body), requestId: 'r', receivedAt: new Date() },
    store,
  );
}

async function eventually<T>(check: () => Promise<T>, until: (value: T) => boolean): Promise<T> {
  for (let tries = 0; ; tries++) {
    const value = await check();
    if (until(value) || tries > 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const idOf = (result: Awaited<ReturnType<typeof post>>) => (result.ok ? result.leadId : '');

describe('the lookup entry and the ledger record written together for each stored lead', () => {
  it('a stored lead is found by the admin lookup and the import, and an erasure removes both', async () => {
    const stored = await post({ ...documentedExample, OfferTitle: 'Widget' });

    expect(await index.find('someone@contoso.com')).toEqual([idOf(stored)]);
    expect((await ledger.byEmail('someone@contoso.com')).map((r) => r.leadId)).toEqual([
      idOf(stored),
    ]);

    expect(await index.forget('SomeOne@Contoso.com')).toEqual([idOf(stored)]);
    expect((await ledger.forget('SomeOne@Contoso.com')).map((r) => r.leadId)).toEqual([
      idOf(stored),
    ]);
    expect(await index.find('someone@contoso.com')).toEqual([]);
    expect(await ledger.byEmail('someone@contoso.com')).toEqual([]);
  });

  it('an erasure finds both a lead indexed by the earlier separate writes and one written by the single script', async () => {
    // What the API wrote before: the index's add and the ledger's record, one call each.
    const earlierId = randomUUID();
    await index.add('someone@contoso.com', earlierId);
    await ledger.record({
      leadId: earlierId,
      contentKey: randomUUID(),
      at: Date.now() - 60_000,
      email: 'someone@contoso.com',
    });
    const stored = await post({ ...documentedExample, OfferTitle: 'Widget' });

    expect((await index.forget('someone@contoso.com')).sort()).toEqual(
      [earlierId, idOf(stored)].sort(),
    );
    expect((await ledger.forget('someone@contoso.com')).map((r) => r.leadId)).toEqual([
      earlierId,
      idOf(stored),
    ]);
  });

  it('finds the entries of an address keyed as earlier versions keyed it (HMAC-SHA256 with the key text)', async () => {
    const digest = createHmac('sha256', HASH_KEY).update('someone@contoso.com').digest('hex');
    await redis.sadd(`${prefix}:leadbridge:email:${digest}`, 'written-earlier');

    expect(await index.find(' SomeOne@contoso.com')).toEqual(['written-earlier']);
  });

  it('a redelivery inside the window leaves one lookup entry and one ledger record', async () => {
    const first = await post({ ...documentedExample, OfferTitle: 'Widget' });
    const again = await post({ ...documentedExample, OfferTitle: 'Widget' });

    expect(again).toMatchObject({ ok: true, status: 'duplicate', leadId: idOf(first) });
    expect(
      await eventually(
        () => index.find('someone@contoso.com'),
        (ids) => ids.length === 1,
      ),
    ).toEqual([idOf(first)]);
    expect(
      (
        await eventually(
          () => ledger.byEmail('someone@contoso.com'),
          (records) => records.length === 1,
        )
      ).map((r) => r.leadId),
    ).toEqual([idOf(first)]);
  });
});
