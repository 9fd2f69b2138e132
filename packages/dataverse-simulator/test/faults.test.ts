import { LEAD_ID, sampleLead, startHarness, type Harness } from './support/harness';

describe('fault injection on the Dataverse side', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('after revokeTokens, an issued token answers 401 and a new token works', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();

    sim.revokeTokens();
    const refused = await dataverse.get('WhoAmI', { headers });
    const renewed = await dataverse.get('WhoAmI', { headers: await harness.headers() });

    expect(refused.status).toBe(401);
    expect(refused.data).toBe('');
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    expect(renewed.status).toBe(200);
  });

  test('an expired token answers 401', async () => {
    await harness.close();
    harness = await startHarness({ tokenLifetimeSeconds: 1 });
    const headers = await harness.headers();

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const answer = await harness.dataverse.get('WhoAmI', { headers });

    expect(answer.status).toBe(401);
  });

  test('throttle 3 gives three 429s with Retry-After, then the write succeeds', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ throttle: { retryAfterSeconds: 7, remaining: 3 } });

    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push(await dataverse.post('leads', sampleLead(), { headers }));

    expect(answers.map((answer) => answer.status)).toEqual([429, 429, 429, 204]);
    expect(answers[0]?.headers['retry-after']).toBe('7');
    expect(answers[0]?.data.error.code).toBe('0x80072322');
    expect(sim.leads()).toHaveLength(1);
    expect(sim.stats().throttled).toBe(3);
  });

  test('throttle asHttpDate sends Retry-After as an HTTP date that many seconds ahead', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ throttle: { retryAfterSeconds: 120, remaining: 1, asHttpDate: true } });
    const before = Date.now();

    const answer = await dataverse.get('WhoAmI', { headers });

    expect(answer.status).toBe(429);
    const header = String(answer.headers['retry-after']);
    expect(header).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    const ahead = Date.parse(header) - before;
    expect(ahead).toBeGreaterThan(118_000);
    expect(ahead).toBeLessThanOrEqual(121_000);
  });

  test('the service protection window admits N requests, then 429 until a slot frees', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ serviceProtection: { requests: 3, windowSeconds: 1 } });

    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await dataverse.get('WhoAmI', { headers })).status);
    const refused = await dataverse.get('WhoAmI', { headers });
    await new Promise((resolve) =>
      setTimeout(resolve, Number(refused.headers['retry-after']) * 1000 + 50),
    );
    const afterWait = await dataverse.get('WhoAmI', { headers });

    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.data.error.code).toBe('0x80072322');
    expect(afterWait.status).toBe(200);
  });

  test('requests over the concurrency limit are refused at once with 0x80072326', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ serviceProtection: { concurrent: 2 }, latencyMs: 1_000 });

    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        dataverse
          .get('WhoAmI', { headers })
          .then((answer) => ({ answer, ms: Date.now() - started })),
      ),
    );
    const refused = answers.filter(({ answer }) => answer.status === 429);
    const served = answers.filter(({ answer }) => answer.status === 200);

    expect(served).toHaveLength(2);
    expect(refused).toHaveLength(3);
    expect(refused.every(({ answer }) => answer.data.error.code === '0x80072326')).toBe(true);
    // "At once": every refusal is back before the held requests finish their second of latency.
    expect(Math.max(...refused.map(({ ms }) => ms))).toBeLessThan(
      Math.min(...served.map(({ ms }) => ms)),
    );
    expect(sim.stats().maxConcurrent).toBeGreaterThanOrEqual(2);
  });

  test('dropAfterWrite stores the record but cuts the connection without an answer', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers({ 'If-None-Match': '*' });
    sim.faults.set({ dropAfterWrite: 1 });

    const dropped = dataverse.patch(`leads(${LEAD_ID})`, sampleLead(), { headers });
    await expect(dropped).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|ERR_/) });
    const retry = await dataverse.patch(`leads(${LEAD_ID})`, sampleLead(), { headers });

    expect(sim.leads().map((lead) => lead.leadid)).toEqual([LEAD_ID]);
    expect(retry.status).toBe(412);
    expect(sim.stats().requests.leads).toEqual({ dropped: 1, '412': 1 });
  });

  test('an outage of two requests answers 503 twice, then the service recovers', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ outage: { status: 503, remaining: 2 } });

    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await dataverse.get('WhoAmI', { headers })).status);

    expect(statuses).toEqual([503, 503, 200]);
    expect(sim.faults.get().outage).toBeNull();
  });

  test('a timed outage ends by itself', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ outage: { status: 502, durationMs: 200 } });

    const during = await dataverse.get('WhoAmI', { headers });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = await dataverse.get('WhoAmI', { headers });

    expect(during.status).toBe(502);
    expect(after.status).toBe(200);
  });

  test('failureRate 1 fails every request with failureStatus', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ failureRate: 1, failureStatus: 500 });

    const answer = await dataverse.post('leads', sampleLead(), { headers });

    expect(answer.status).toBe(500);
    expect(answer.data.error.code).toBe('0x80040216');
    expect(sim.leads()).toHaveLength(0);
  });

  test('denyPrivilege refuses writes with 403 0x80040220 but still allows reads', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ denyPrivilege: true });

    const write = await dataverse.post('leads', sampleLead(), { headers });
    const read = await dataverse.get('WhoAmI', { headers });

    expect(write.status).toBe(403);
    expect(write.data.error.code).toBe('0x80040220');
    expect(write.data.error.message).toContain(`Principal user (Id=${read.data.UserId}`);
    expect(write.data.error.message).toContain('prvCreateLead');
    expect(read.status).toBe(200);
  });

  test('appUserMissing refuses every request with 403: not a member of the organization', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ appUserMissing: true });

    const answer = await dataverse.get('WhoAmI', { headers });

    expect(answer.status).toBe(403);
    expect(answer.data.error).toEqual({
      code: '0x80072560',
      message: 'The user is not a member of the organization.',
    });
  });

  test('pluginRefuses refuses lead writes with 400 0x80040265, quoting the e-mail and phone', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ pluginRefuses: true });
    const lead = sampleLead({ telephone1: '+1 617 555 0100' });

    const answer = await dataverse.post('leads', lead, { headers });

    expect(answer.status).toBe(400);
    expect(answer.data.error.code).toBe('0x80040265');
    expect(answer.data.error.message).toContain(String(lead.emailaddress1));
    expect(answer.data.error.message).toContain(String(lead.telephone1));
    expect(sim.leads()).toHaveLength(0);
  });

  test('latencyMs delays each admitted request', async () => {
    const { sim, dataverse } = harness;
    const headers = await harness.headers();
    sim.faults.set({ latencyMs: 150 });

    const started = Date.now();
    await dataverse.get('WhoAmI', { headers });

    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('a bad fault value throws and changes nothing', () => {
    expect(() => harness.sim.faults.set({ failureRate: 2 })).toThrow('failureRate must be');
    expect(harness.sim.faults.get().failureRate).toBe(0);
  });
});
