import { randomUUID } from 'node:crypto';
import { sampleLead, startHarness, type Harness } from './support/harness';

const ACTION = 'leads/Microsoft.Dynamics.CRM.CreateMultiple';
const LEAD_TYPE = 'Microsoft.Dynamics.CRM.lead';

type Target = Record<string, unknown> & { leadid: string };

/** `count` leads as a client sends them in Targets, each with its own id. */
function targets(count: number, overrides: Record<string, unknown> = {}): Target[] {
  return Array.from({ length: count }, (_, index) => ({
    '@odata.type': LEAD_TYPE,
    ...sampleLead({ lastname: `Example ${index}` }),
    leadid: randomUUID(),
    ...overrides,
  }));
}

describe('writing leads in bulk with CreateMultiple', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('500 leads in one request are all written, and the answer lists their ids in order', async () => {
    const { sim, dataverse } = harness;
    const batch = targets(500);

    const answer = await dataverse.post(
      ACTION,
      { Targets: batch },
      {
        headers: await harness.headers(),
      },
    );

    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({
      '@odata.context': `${sim.url}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse`,
      Ids: batch.map((target) => target.leadid),
    });
    expect(sim.leads().map((lead) => lead.leadid)).toEqual(batch.map((target) => target.leadid));
    expect(sim.stats()).toMatchObject({ writes: 500, bulkRequests: 1, bulkWrites: 500 });
    expect(sim.stats().requests['create-multiple']).toEqual({ '200': 1 });
  });

  test('a lead written in bulk is stored exactly as a single create stores it', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    const [bulkId, singleId] = [randomUUID(), randomUUID()];
    // statecode is not valid for create: both ways ignore it and the lead is Open/New.
    const lead = sampleLead({ statecode: 1, description: 'Wants a demo' });

    await dataverse.post(
      ACTION,
      { Targets: [{ '@odata.type': LEAD_TYPE, ...lead, leadid: bulkId }] },
      { headers },
    );
    await dataverse.post('leads', { ...lead, leadid: singleId }, { headers });

    const [bulk, single] = sim.leads();
    expect(bulk).toEqual({ ...single, leadid: bulkId, createdon: bulk?.createdon });
    expect(bulk).toMatchObject({ statecode: 0, statuscode: 1, fullname: 'Avery Example' });
  });

  test('targets without a leadid get new ids, returned in the order sent', async () => {
    const { sim, dataverse } = harness;
    const batch = targets(3).map(({ leadid: _leadid, ...rest }) => rest);

    const answer = await dataverse.post(
      ACTION,
      { Targets: batch },
      {
        headers: await harness.headers(),
      },
    );

    expect(answer.status).toBe(200);
    expect(answer.data.Ids).toHaveLength(3);
    expect(sim.leads().map((lead) => [lead.leadid, lead.lastname])).toEqual(
      (answer.data.Ids as string[]).map((id, index) => [id, `Example ${index}`]),
    );
  });

  test('when one leadid exists already, nothing of the batch is written and the answer is 412 0x80040237', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    const batch = targets(10);
    await dataverse.post('leads', sampleLead({ leadid: batch[6]?.leadid }), { headers });

    const answer = await dataverse.post(ACTION, { Targets: batch }, { headers });

    expect(answer.status).toBe(412);
    expect(answer.data.error).toEqual({
      code: '0x80040237',
      message: 'Cannot insert duplicate key.',
    });
    expect(sim.leads()).toHaveLength(1);
    expect(sim.stats()).toMatchObject({ bulkRequests: 0, bulkWrites: 0 });
  });

  test('the same leadid twice in one batch is a duplicate key too, and nothing is written', async () => {
    const { sim, dataverse } = harness;
    const batch = targets(4);
    const [first] = batch;
    batch.push({ ...targets(1)[0]!, leadid: first!.leadid.toUpperCase() });

    const answer = await dataverse.post(
      ACTION,
      { Targets: batch },
      {
        headers: await harness.headers(),
      },
    );

    expect(answer.status).toBe(412);
    expect(answer.data.error.code).toBe('0x80040237');
    expect(sim.leads()).toEqual([]);
  });

  test('one record with a column too long writes nothing and answers that record’s validation error', async () => {
    const { sim, dataverse } = harness;
    const batch = targets(20);
    batch[12] = { ...batch[12]!, lastname: 'x'.repeat(51) };

    const answer = await dataverse.post(
      ACTION,
      { Targets: batch },
      {
        headers: await harness.headers(),
      },
    );

    expect(answer.status).toBe(400);
    expect(answer.data.error.code).toBe('0x80044331');
    expect(answer.data.error.message).toContain(
      "The length of the 'lastname' attribute of the 'lead' entity exceeded the maximum allowed length of '50'",
    );
    expect(sim.leads()).toEqual([]);
  });

  test('an invalid option value writes nothing and answers 0x8004431a, the same as a single create', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    const batch = targets(5);
    batch[3] = { ...batch[3]!, leadsourcecode: 99 };

    const bulk = await dataverse.post(ACTION, { Targets: batch }, { headers });
    const single = await dataverse.post('leads', sampleLead({ leadsourcecode: 99 }), { headers });

    expect(bulk.status).toBe(400);
    expect(bulk.data).toEqual(single.data);
    expect(bulk.data.error.code).toBe('0x8004431a');
    expect(sim.leads()).toEqual([]);
  });

  test('of two failing records, the first one sent is the answer', async () => {
    const batch = targets(5);
    batch[1] = { ...batch[1]!, leadsourcecode: 99 };
    batch[3] = { ...batch[3]!, firstname: 'x'.repeat(51) };

    const answer = await harness.dataverse.post(
      ACTION,
      { Targets: batch },
      {
        headers: await harness.headers(),
      },
    );

    expect(answer.data.error.code).toBe('0x8004431a');
  });

  test('1,000 targets are taken, 1,001 are refused with 400 and nothing is written', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();

    const refused = await dataverse.post(ACTION, { Targets: targets(1001) }, { headers });
    const taken = await dataverse.post(ACTION, { Targets: targets(1000) }, { headers });

    expect(refused.status).toBe(400);
    expect(refused.data.error.code).toBe('0x80040203');
    expect(refused.data.error.message).toMatch(/at most 1000/);
    expect(taken.status).toBe(200);
    expect(sim.leads()).toHaveLength(1000);
  });

  test('a batch of long leads over the 1 MB single-write body limit is taken', async () => {
    const batch = targets(600, { description: 'd'.repeat(1900) });

    const answer = await harness.dataverse.post(
      ACTION,
      { Targets: batch },
      {
        headers: await harness.headers(),
      },
    );

    expect(JSON.stringify({ Targets: batch }).length).toBeGreaterThan(1024 * 1024);
    expect(answer.status).toBe(200);
    expect(harness.sim.leads()).toHaveLength(600);
  });

  test('an empty Targets, or none at all, is refused with 400', async () => {
    const headers = await harness.headers();

    const empty = await harness.dataverse.post(ACTION, { Targets: [] }, { headers });
    const missing = await harness.dataverse.post(ACTION, {}, { headers });

    expect(empty.status).toBe(400);
    expect(empty.data.error.code).toBe('0x80040203');
    expect(missing.status).toBe(400);
    expect(harness.sim.leads()).toEqual([]);
  });

  test('a target without @odata.type, or of another table, fails the whole batch', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    const untyped = targets(3);
    delete (untyped[1] as Record<string, unknown>)['@odata.type'];
    const contact = targets(3);
    contact[2] = { ...contact[2]!, '@odata.type': 'Microsoft.Dynamics.CRM.contact' };

    const withoutType = await dataverse.post(ACTION, { Targets: untyped }, { headers });
    const otherTable = await dataverse.post(ACTION, { Targets: contact }, { headers });

    expect(withoutType.status).toBe(400);
    expect(withoutType.data.error.message).toContain('@odata.type');
    expect(otherTable.status).toBe(400);
    expect(otherTable.data.error.message).toContain('Microsoft.Dynamics.CRM.contact');
    expect(sim.leads()).toEqual([]);
  });

  test('a bulk write takes recordWriteMs per record: 200 records take far longer than one create', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ recordWriteMs: 5 });

    let started = Date.now();
    await dataverse.post('leads', sampleLead(), { headers });
    const singleMs = Date.now() - started;
    started = Date.now();
    const bulk = await dataverse.post(ACTION, { Targets: targets(200) }, { headers });
    const bulkMs = Date.now() - started;

    expect(bulk.status).toBe(200);
    expect(bulkMs).toBeGreaterThanOrEqual(1000);
    expect(bulkMs).toBeGreaterThan(singleMs * 10);
  });

  test('under dropAfterWrite the batch is stored but the answer is lost, and sending it again is a duplicate', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    const batch = targets(5);
    sim.faults.set({ dropAfterWrite: 1 });

    const dropped = await dataverse
      .post(ACTION, { Targets: batch }, { headers })
      .catch((error: unknown) => error);
    const again = await dataverse.post(ACTION, { Targets: batch }, { headers });

    expect(dropped).toBeInstanceOf(Error);
    expect(sim.leads()).toHaveLength(5);
    expect(again.status).toBe(412);
  });

  test('GET on the action is refused with 405', async () => {
    const answer = await harness.dataverse.get(ACTION, { headers: await harness.headers() });

    expect(answer.status).toBe(405);
  });
});
