import { LEAD_ID, sampleLead, startHarness, type Harness } from './support/harness';

describe('writing leads through the Web API', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({
      customColumns: [{ logicalName: 'new_offertitle', type: 'String', maxLength: 200 }],
    });
  });
  afterEach(async () => {
    await harness.close();
  });

  test('POST leads answers 204 with OData-EntityId and stores the record with createdon', async () => {
    const { sim, dataverse } = harness;

    const answer = await dataverse.post('leads', sampleLead(), {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(204);
    const id = /leads\(([0-9a-f-]{36})\)$/.exec(String(answer.headers['odata-entityid']))?.[1];
    expect(answer.headers['odata-entityid']).toBe(`${sim.url}/api/data/v9.2/leads(${id})`);
    expect(sim.leads()).toEqual([
      {
        ...sampleLead(),
        leadid: id,
        fullname: 'Avery Example',
        donotemail: false,
        donotphone: false,
        statecode: 0,
        statuscode: 1,
        createdon: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    ]);
  });

  test('with Prefer: return=representation, POST answers 201 with the record', async () => {
    const answer = await harness.dataverse.post(
      'leads',
      sampleLead({ leadid: LEAD_ID, new_offertitle: 'Contoso Widgets' }),
      { headers: await harness.headers({ Prefer: 'return=representation' }) },
    );

    expect(answer.status).toBe(201);
    expect(answer.data).toMatchObject({
      leadid: LEAD_ID,
      new_offertitle: 'Contoso Widgets',
      telephone1: null,
      '@odata.etag': expect.stringMatching(/^W\/"\d+"$/),
    });
  });

  test('create-only PATCH twice answers 204 then 412, and one record exists', async () => {
    const headers = await harness.headers({ 'If-None-Match': '*' });

    const first = await harness.dataverse.patch(`leads(${LEAD_ID})`, sampleLead(), { headers });
    const second = await harness.dataverse.patch(`leads(${LEAD_ID})`, sampleLead(), { headers });

    expect(first.status).toBe(204);
    expect(first.headers['odata-entityid']).toBe(
      `${harness.sim.url}/api/data/v9.2/leads(${LEAD_ID})`,
    );
    expect(second.status).toBe(412);
    expect(second.data).toEqual({
      error: { code: '0x80040237', message: 'A record with matching key values already exists.' },
    });
    expect(harness.sim.leads()).toHaveLength(1);
  });

  test('PATCH with If-Match: * updates an existing record and answers 404 for a missing one', async () => {
    const { dataverse } = harness;
    await dataverse.patch(`leads(${LEAD_ID})`, sampleLead(), { headers: await harness.headers() });
    const headers = await harness.headers({ 'If-Match': '*' });

    const update = await dataverse.patch(`leads(${LEAD_ID})`, { jobtitle: 'CTO' }, { headers });
    const missing = await dataverse.patch(
      'leads(00000000-0000-4000-8000-000000000001)',
      { jobtitle: 'CTO' },
      { headers },
    );

    expect(update.status).toBe(204);
    expect(harness.sim.leads()[0]).toMatchObject({ firstname: 'Avery', jobtitle: 'CTO' });
    expect(missing.status).toBe(404);
    expect(missing.data.error.code).toBe('0x80040217');
  });

  test('PATCH with If-Match: * appends to the description of an existing lead', async () => {
    const { dataverse } = harness;
    const headers = await harness.headers();
    await dataverse.patch(`leads(${LEAD_ID})`, sampleLead({ description: 'First enquiry.' }), {
      headers: { ...headers, 'If-None-Match': '*' },
    });
    const before = await dataverse.get(`leads(${LEAD_ID})?$select=description`, { headers });

    const update = await dataverse.patch(
      `leads(${LEAD_ID})`,
      { description: `${before.data.description}\nSecond enquiry: Contoso Widgets.` },
      { headers: { ...headers, 'If-Match': '*' } },
    );
    const after = await dataverse.get(`leads(${LEAD_ID})?$select=description,firstname`, {
      headers,
    });

    expect(update.status).toBe(204);
    expect(after.data).toMatchObject({
      description: 'First enquiry.\nSecond enquiry: Contoso Widgets.',
      firstname: 'Avery',
    });
    expect(harness.sim.leads()).toHaveLength(1);
  });

  test('PATCH with the ETag read before answers 412 once someone else changed the record, and changes nothing', async () => {
    const { dataverse } = harness;
    const headers = await harness.headers();
    await dataverse.patch(`leads(${LEAD_ID})`, sampleLead({ description: 'First enquiry.' }), {
      headers: { ...headers, 'If-None-Match': '*' },
    });
    const listed = await dataverse.get(`leads?$select=description&$top=1`, { headers });
    const read = await dataverse.get(`leads(${LEAD_ID})?$select=description`, { headers });
    const etag = String(read.data['@odata.etag']);
    expect(listed.data.value[0]['@odata.etag']).toBe(etag);

    const first = await dataverse.patch(
      `leads(${LEAD_ID})`,
      { description: 'First enquiry.\nSecond enquiry.' },
      { headers: { ...headers, 'If-Match': etag } },
    );
    const stale = await dataverse.patch(
      `leads(${LEAD_ID})`,
      { description: 'First enquiry.\nThird enquiry.' },
      { headers: { ...headers, 'If-Match': etag } },
    );
    const after = await dataverse.get(`leads(${LEAD_ID})?$select=description`, { headers });

    expect(first.status).toBe(204);
    expect(stale.status).toBe(412);
    expect(stale.data.error).toEqual({
      code: '0x80060882',
      message: "The version of the existing record doesn't match the RowVersion property provided.",
    });
    expect(after.data.description).toBe('First enquiry.\nSecond enquiry.');
    expect(after.data['@odata.etag']).not.toBe(etag);
  });

  test('PATCH with If-Match: * for an id that does not exist is a 404 and creates nothing', async () => {
    const answer = await harness.dataverse.patch(
      `leads(${LEAD_ID})`,
      { description: 'Second enquiry.' },
      { headers: await harness.headers({ 'If-Match': '*' }) },
    );

    expect(answer.status).toBe(404);
    expect(answer.data.error).toEqual({
      code: '0x80040217',
      message: `Entity 'lead' With Id = ${LEAD_ID} Does Not Exist`,
    });
    expect(harness.sim.leads()).toHaveLength(0);
  });

  test('a firstname longer than 50 characters is a 400 naming the column and its limit', async () => {
    const answer = await harness.dataverse.post(
      'leads',
      sampleLead({ firstname: 'A'.repeat(51) }),
      {
        headers: await harness.headers(),
      },
    );

    expect(answer.status).toBe(400);
    expect(answer.data.error.code).toBe('0x80044331');
    expect(answer.data.error.message).toContain("'firstname'");
    expect(answer.data.error.message).toContain("'50'");
    expect(harness.sim.leads()).toHaveLength(0);
  });

  test('an unknown column is a 400 naming it, custom columns need their prefix', async () => {
    const answer = await harness.dataverse.post('leads', sampleLead({ offertitle: 'x' }), {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(400);
    expect(answer.data.error).toEqual({
      code: '0x80060888',
      message:
        "Could not find a property named 'offertitle' on type 'Microsoft.Dynamics.CRM.lead'.",
    });
  });

  test.each([
    ['a number into a string column', { firstname: 42 }, '0x80048d19', 'Edm.String'],
    [
      'a lead source outside 1..10',
      { leadsourcecode: 11 },
      '0x8004431a',
      'outside the valid range',
    ],
    ['a string into a Boolean column', { donotemail: 'yes' }, '0x80048d19', 'Edm.Boolean'],
    ['a lookup set as a plain value', { campaignid: LEAD_ID }, '0x80048d19', 'navigation property'],
  ])('%s is a 400', async (_case, fields, code, words) => {
    const answer = await harness.dataverse.post('leads', sampleLead(fields), {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(400);
    expect(answer.data.error.code).toBe(code);
    expect(answer.data.error.message).toContain(words);
  });

  test('a campaign bound with @odata.bind is stored as its id', async () => {
    const campaign = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

    const answer = await harness.dataverse.post(
      'leads',
      sampleLead({ 'campaignid@odata.bind': `/campaigns(${campaign})` }),
      { headers: await harness.headers() },
    );

    expect(answer.status).toBe(204);
    expect(harness.sim.leads()[0]?._campaignid_value).toBe(campaign);
  });

  test('entity set names are case-sensitive: Leads is a 404', async () => {
    const answer = await harness.dataverse.post('Leads', sampleLead(), {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(404);
    expect(answer.data.error).toEqual({
      code: '0x8006088a',
      message: "Resource not found for the segment 'Leads'.",
    });
  });

  test('a body over 1 MB is a 413 and nothing is stored', async () => {
    const answer = await harness.dataverse.post(
      'leads',
      sampleLead({ description: 'x'.repeat(1024 * 1024) }),
      { headers: await harness.headers(), maxBodyLength: Infinity },
    );

    expect(answer.status).toBe(413);
    expect(harness.sim.leads()).toHaveLength(0);
  });

  test('records read back singly, filtered by e-mail, and 404 when missing', async () => {
    const { dataverse } = harness;
    const headers = await harness.headers();
    await dataverse.patch(`leads(${LEAD_ID})`, sampleLead(), { headers });
    await dataverse.post('leads', sampleLead({ emailaddress1: 'blake@example.org' }), { headers });

    const one = await dataverse.get(`leads(${LEAD_ID})?$select=firstname,emailaddress1`, {
      headers,
    });
    const filtered = await dataverse.get(`leads?$filter=emailaddress1 eq 'blake@example.org'`, {
      headers,
    });
    const missing = await dataverse.get('leads(00000000-0000-4000-8000-000000000002)', { headers });

    expect(one.data).toMatchObject({
      leadid: LEAD_ID,
      firstname: 'Avery',
      emailaddress1: 'avery@example.com',
    });
    expect(one.data).not.toHaveProperty('lastname');
    expect(filtered.data.value).toHaveLength(1);
    expect(filtered.data.value[0].emailaddress1).toBe('blake@example.org');
    expect(missing.status).toBe(404);
  });
});
