import { LEAD_ID, sampleLead, startHarness, type Harness } from './support/harness';

describe('the state and status of a lead', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  async function createLead(fields: Record<string, unknown> = {}) {
    return harness.dataverse.patch(`leads(${LEAD_ID})`, sampleLead(fields), {
      headers: await harness.headers({ 'If-None-Match': '*' }),
    });
  }

  async function update(fields: Record<string, unknown>) {
    return harness.dataverse.patch(`leads(${LEAD_ID})`, fields, {
      headers: await harness.headers({ 'If-Match': '*' }),
    });
  }

  test('a new lead is Open (statecode 0) with status New (statuscode 1)', async () => {
    await createLead();

    const answer = await harness.dataverse.get(`leads(${LEAD_ID})?$select=statecode,statuscode`, {
      headers: await harness.headers(),
    });

    expect(answer.data).toMatchObject({ statecode: 0, statuscode: 1 });
  });

  test('a statecode sent on create is ignored, as the column is not valid for create', async () => {
    await createLead({ statecode: 1 });

    expect(harness.sim.leads()[0]).toMatchObject({ statecode: 0, statuscode: 1 });
  });

  test('a new lead may start with another status of the Open state', async () => {
    await createLead({ statuscode: 2 });

    expect(harness.sim.leads()[0]).toMatchObject({ statecode: 0, statuscode: 2 });
  });

  test('qualifying a lead by update sets the Qualified default status as well', async () => {
    await createLead();

    const answer = await update({ statecode: 1 });

    expect(answer.status).toBe(204);
    expect(harness.sim.leads()[0]).toMatchObject({ statecode: 1, statuscode: 3 });
  });

  test('disqualifying with a status reason of the Disqualified state keeps that reason', async () => {
    await createLead();

    await update({ statecode: 2, statuscode: 6 });

    expect(harness.sim.leads()[0]).toMatchObject({ statecode: 2, statuscode: 6 });
  });

  test('a status of another state is a 400 0x80048408 and nothing changes', async () => {
    await createLead();

    const answer = await update({ statuscode: 3 });

    expect(answer.status).toBe(400);
    expect(answer.data.error).toEqual({
      code: '0x80048408',
      message: `3 is not a valid status code for state code LeadState.Open on lead with Id ${LEAD_ID}.`,
    });
    expect(harness.sim.leads()[0]).toMatchObject({ statecode: 0, statuscode: 1 });
  });

  test('a state outside 0..2 is a 400 listing the accepted values', async () => {
    await createLead();

    const answer = await update({ statecode: 5 });

    expect(answer.status).toBe(400);
    expect(answer.data.error.code).toBe('0x8004431a');
    expect(answer.data.error.message).toContain('Accepted Values: 0,1,2');
  });

  test('the metadata describes statecode as a State column valid for update only', async () => {
    const answer = await harness.dataverse.get(
      "EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName,AttributeType,IsValidForCreate,IsValidForUpdate",
      { headers: await harness.headers() },
    );

    const byName = new Map(
      (answer.data.value as { LogicalName: string }[]).map((item) => [item.LogicalName, item]),
    );
    expect(byName.get('statecode')).toMatchObject({
      '@odata.type': '#Microsoft.Dynamics.CRM.StateAttributeMetadata',
      AttributeType: 'State',
      IsValidForCreate: false,
      IsValidForUpdate: true,
    });
    expect(byName.get('statuscode')).toMatchObject({
      '@odata.type': '#Microsoft.Dynamics.CRM.StatusAttributeMetadata',
      AttributeType: 'Status',
      IsValidForCreate: true,
      IsValidForUpdate: true,
    });
  });
});
