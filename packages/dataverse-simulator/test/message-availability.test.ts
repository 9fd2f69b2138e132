import { sampleLead, startHarness, type Harness } from './support/harness';

// The query Microsoft documents for "does this table support CreateMultiple?".
const AVAILABILITY_QUERY =
  'sdkmessagefilters?$select=sdkmessagefilterid' +
  '&$filter=sdkmessageid/name eq @message and primaryobjecttypecode eq @table' +
  "&@message='CreateMultiple'&@table='lead'";

describe('finding out whether the org has CreateMultiple for leads', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('the documented sdkmessagefilters query finds one filter for lead', async () => {
    const { sim, dataverse } = harness;

    const answer = await dataverse.get(AVAILABILITY_QUERY, { headers: await harness.headers() });

    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({
      '@odata.context': `${sim.url}/api/data/v9.2/$metadata#sdkmessagefilters(sdkmessagefilterid)`,
      value: [
        {
          '@odata.etag': expect.stringMatching(/^W\/"\d+"$/),
          sdkmessagefilterid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        },
      ],
    });
    expect(sim.stats().requests['sdk-messages']).toEqual({ '200': 1 });
  });

  test('the same query with the values written out, or for another table, answers alike', async () => {
    const headers = await harness.headers();

    const inline = await harness.dataverse.get(
      'sdkmessagefilters?$select=sdkmessagefilterid' +
        "&$filter=primaryobjecttypecode eq 'lead' and sdkmessageid/name eq 'CreateMultiple'",
      { headers },
    );
    const contact = await harness.dataverse.get(
      AVAILABILITY_QUERY.replace("@table='lead'", "@table='contact'"),
      { headers },
    );
    const unknownMessage = await harness.dataverse.get(
      AVAILABILITY_QUERY.replace("'CreateMultiple'", "'DeleteMultiple'"),
      { headers },
    );

    expect(inline.data.value).toHaveLength(1);
    expect(contact.data.value).toEqual([]);
    expect(unknownMessage.data.value).toEqual([]);
  });

  test('with createMultipleUnavailable the query finds nothing and the action answers 404 as an unknown action', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ createMultipleUnavailable: true });

    const query = await dataverse.get(AVAILABILITY_QUERY, { headers });
    const action = await dataverse.post(
      'leads/Microsoft.Dynamics.CRM.CreateMultiple',
      { Targets: [{ '@odata.type': 'Microsoft.Dynamics.CRM.lead', ...sampleLead() }] },
      { headers },
    );
    const unknownAction = await dataverse.post(
      'leads/Microsoft.Dynamics.CRM.NoSuchAction',
      {},
      { headers },
    );
    const single = await dataverse.post('leads', sampleLead(), { headers });

    expect(query.status).toBe(200);
    expect(query.data.value).toEqual([]);
    expect(action.status).toBe(404);
    expect(action.data.error).toEqual({
      code: unknownAction.data.error.code,
      message: "Resource not found for the segment 'Microsoft.Dynamics.CRM.CreateMultiple'.",
    });
    expect(single.status).toBe(204);
    expect(sim.leads()).toHaveLength(1);
  });

  test('clearing the switch brings the message back', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ createMultipleUnavailable: true });
    sim.faults.set({ createMultipleUnavailable: false });

    const query = await dataverse.get(AVAILABILITY_QUERY, { headers });

    expect(query.data.value).toHaveLength(1);
  });

  test('a filter on a column the simulator does not know is refused, not ignored', async () => {
    const answer = await harness.dataverse.get(
      "sdkmessagefilters?$filter=iscustomprocessingstepallowed eq 'true'",
      { headers: await harness.headers() },
    );

    expect(answer.status).toBe(400);
  });
});
