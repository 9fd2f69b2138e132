import { sampleLead, startHarness, type Harness } from './support/harness';

describe('the admin HTTP API under /_simulator', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('PUT /faults injects a fault that the Web API then shows, DELETE /faults clears it', async () => {
    const { origin, dataverse } = harness;
    const headers = await harness.headers();

    const put = await origin.put('/_simulator/faults', {
      throttle: { retryAfterSeconds: 2, remaining: 1 },
    });
    const throttled = await dataverse.get('WhoAmI', { headers });
    await origin.put('/_simulator/faults', { outage: { status: 503 } });
    const cleared = await origin.delete('/_simulator/faults');
    const after = await dataverse.get('WhoAmI', { headers });

    expect(put.status).toBe(200);
    expect(put.data.throttle).toEqual({ retryAfterSeconds: 2, remaining: 1 });
    expect(throttled.status).toBe(429);
    expect(cleared.status).toBe(204);
    expect(after.status).toBe(200);
  });

  test('PUT /faults with a wrong field is a 400 naming it', async () => {
    const answer = await harness.origin.put('/_simulator/faults', { latencyMS: 10 });

    expect(answer.status).toBe(400);
    expect(answer.data.error).toEqual({
      code: 'INVALID_FAULTS',
      message: 'unknown fault setting latencyMS',
    });
  });

  test('GET /leads lists the records, DELETE /leads empties the table', async () => {
    const { origin, dataverse } = harness;
    await dataverse.post('leads', sampleLead(), { headers: await harness.headers() });

    const listed = await origin.get('/_simulator/leads');
    const deleted = await origin.delete('/_simulator/leads');

    expect(listed.data.value).toEqual([expect.objectContaining({ lastname: 'Example' })]);
    expect(deleted.status).toBe(204);
    expect(harness.sim.leads()).toEqual([]);
  });

  test('GET /stats counts requests by kind and status, writes and tokens', async () => {
    const { origin, dataverse } = harness;
    const headers = await harness.headers();
    await dataverse.post('leads', sampleLead(), { headers });
    await dataverse.get('WhoAmI', { headers: { Authorization: 'Bearer nonsense' } });

    const stats = await origin.get('/_simulator/stats');

    expect(stats.data).toMatchObject({
      requests: {
        'openid-configuration': { '200': 1 },
        token: { '200': 1 },
        leads: { '204': 1 },
        whoami: { '401': 1 },
      },
      writes: 1,
      tokensIssued: 1,
      throttled: 0,
      inFlight: 0,
    });
  });

  test('POST /revoke-tokens makes issued tokens answer 401', async () => {
    const headers = await harness.headers();

    const revoked = await harness.origin.post('/_simulator/revoke-tokens');
    const answer = await harness.dataverse.get('WhoAmI', { headers });

    expect(revoked.status).toBe(204);
    expect(answer.status).toBe(401);
  });

  test('POST /apps registers another app that can then sign in', async () => {
    const { sim, origin } = harness;
    const app = {
      tenantId: sim.tenantId,
      clientId: 'd3b07384-d9a0-4c1b-8f1e-2a3b4c5d6e7f',
      clientSecret: 'second-app',
    };

    const registered = await origin.post('/_simulator/apps', app);
    const result = await harness
      .msal({ clientId: app.clientId, clientSecret: app.clientSecret })
      .acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });

    expect(registered.status).toBe(201);
    expect(result?.accessToken).toEqual(expect.any(String));
  });
});
