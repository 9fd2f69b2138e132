import request from 'supertest';
import { documentedExample } from '@leadbridge/test-support';
import { ROTATED_SECRET, SECRET, startApi, type ApiUnderTest } from './harness';

let api: ApiUnderTest;

beforeEach(() => {
  api = startApi();
});

afterEach(async () => {
  await api.close();
});

function postLead(body: unknown, code = SECRET) {
  return request(api.app)
    .post(`/leads?code=${encodeURIComponent(code)}`)
    .send(body as object);
}

describe('POST /leads with a valid lead', () => {
  it("stores Microsoft's example lead on the queue and answers 202 with its id", async () => {
    const response = await postLead(documentedExample).set('X-Request-Id', 'req-42');

    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'accepted',
    });
    const job = await api.queue.getJob(response.body.id);
    expect(job?.data).toEqual({
      leadId: response.body.id,
      requestId: 'req-42',
      // Also under its earlier name, so a worker of the previous version, still running during a
      // rolling upgrade, accepts the job.
      correlationId: 'req-42',
      receivedAt: expect.any(String),
      rawBody: JSON.stringify(documentedExample),
      lead: { ...documentedExample, Extra: {} },
      origin: { source: 'AzureMarketplace', actionCode: 'INS', isTestLead: false },
    });
    expect(Date.now() - Date.parse(job!.data.receivedAt)).toBeLessThan(5_000);
  });

  it('answers "duplicate" when the same lead arrives again, and stores it once', async () => {
    const first = await postLead(documentedExample);
    const again = await postLead(documentedExample);

    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id: first.body.id, status: 'duplicate' });
    expect(await api.queue.getJobCounts()).toMatchObject({ waiting: 1 });
  });

  it('treats a redelivery in camelCase as the same lead', async () => {
    const first = await postLead(documentedExample);
    const camel = await postLead({
      userDetails: { ...documentedExample.UserDetails },
      leadSource: 'AzureMarketplace',
      actionCode: 'INS',
      offerTitle: 'Test Microsoft',
      description: 'Test run through Power Automate',
    });

    expect(camel.body).toEqual({ id: first.body.id, status: 'duplicate' });
  });

  it('accepts a lead with no name and no e-mail (Microsoft withholds them for some customers)', async () => {
    const response = await postLead({
      LeadSource: 'AzureMarketplace',
      ActionCode: 'INS',
      OfferTitle: 'Widget',
    });

    expect(response.status).toBe(202);
    expect(await api.queue.getJob(response.body.id)).toBeDefined();
  });

  it('accepts the second of two configured secrets, so a secret can be rotated', async () => {
    const response = await postLead(documentedExample, ROTATED_SECRET);

    expect(response.status).toBe(202);
  });

  it('keeps unknown fields and the raw body in the job', async () => {
    const body = { ...documentedExample, PlanId: 'gold' };
    const response = await postLead(body);

    const job = await api.queue.getJob(response.body.id);
    expect(job?.data.lead.Extra).toEqual({ PlanId: 'gold' });
    expect(JSON.parse(job!.data.rawBody)).toEqual(body);
  });
});

describe('POST /leads with bad input: a clear error, nothing stored', () => {
  async function expectNothingStored(): Promise<void> {
    const counts = await api.queue.getJobCounts();
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(0);
  }

  it.each([
    ['a wrong code', '/leads?code=wrong-secret-0123456789abcdef0123456789'],
    ['no code', '/leads'],
    ['an empty code', '/leads?code='],
    ['the code given twice', `/leads?code=${SECRET}&code=${SECRET}`],
  ])('answers 401 to %s', async (_case, path) => {
    const response = await request(api.app).post(path).send(documentedExample);

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
    await expectNothingStored();
  });

  it('answers 429 to an address that keeps sending wrong codes, and still takes a right one', async () => {
    const wrong = () =>
      request(api.app)
        .post('/leads?code=guess-0123456789abcdef0123456789abcdef')
        .send(documentedExample);
    for (let n = 0; n < 20; n++) expect((await wrong()).status).toBe(401);

    const limited = await wrong();
    const right = await postLead(documentedExample);

    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('TOO_MANY_FAILURES');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(right.status).toBe(202);
  });

  it('answers 400 naming the problem when the body is not JSON', async () => {
    const response = await postLead('{"UserDetails": ').set('Content-Type', 'application/json');

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(response.body.error.message).toMatch(/not valid JSON/);
    await expectNothingStored();
  });

  it('answers 400 when the body is empty', async () => {
    const response = await request(api.app)
      .post(`/leads?code=${SECRET}`)
      .set('Content-Type', 'application/json');

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('EMPTY_BODY');
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"a lead"'],
    ['null', 'null'],
  ])('answers 400 when the JSON is %s', async (_case, text) => {
    const response = await postLead(text).set('Content-Type', 'application/json');

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'INVALID_LEAD',
      problems: [{ field: '(body)', message: 'must be a JSON object' }],
    });
    await expectNothingStored();
  });

  it('answers 400 naming UserDetails when it is a string', async () => {
    const response = await postLead({ ...documentedExample, UserDetails: 'Some One' });

    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([
      { field: 'UserDetails', message: 'must be an object' },
    ]);
    await expectNothingStored();
  });

  it('answers 415 to a body that is not declared as JSON', async () => {
    const response = await postLead('UserDetails=x').set('Content-Type', 'text/plain');

    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await expectNothingStored();
  });

  it('answers 413 to a body over 64 KiB', async () => {
    const response = await postLead({ ...documentedExample, Description: 'x'.repeat(70 * 1024) });

    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    await expectNothingStored();
  });

  it('answers 404 in JSON to an unknown path', async () => {
    const response = await request(api.app).get('/nope');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});

describe('health', () => {
  it('says the process is up and ready when Redis answers', async () => {
    expect((await request(api.app).get('/healthz')).status).toBe(200);
    const ready = await request(api.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', redis: true });
  });
});
