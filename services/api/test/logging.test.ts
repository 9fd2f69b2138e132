import request from 'supertest';
import { documentedExample } from '@leadbridge/test-support';
import { SECRET, startApi, type ApiUnderTest } from './harness';

let api: ApiUnderTest;

beforeEach(() => {
  api = startApi();
});

afterEach(async () => {
  await api.close();
});

describe('request logs', () => {
  it('write one JSON line per request with the path, status, lead id and correlation id', async () => {
    const response = await request(api.app)
      .post(`/leads?code=${SECRET}`)
      .set('X-Request-Id', 'corr-1')
      .send(documentedExample);

    const lines = api.logs.entries().filter((entry) => entry.message === 'request');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'api',
        requestId: 'corr-1',
        method: 'POST',
        path: '/leads',
        status: 202,
        leadId: response.body.id,
      }),
    ]);
  });

  it('never contain the secret, an e-mail address, a phone number or a name', async () => {
    await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);
    await request(api.app).post(`/leads?code=${SECRET}x`).send(documentedExample);
    await request(api.app)
      .post(`/leads?code=${SECRET}`)
      .send({ UserDetails: 'someone@contoso.com' });

    const text = api.logs.text();
    expect(api.logs.lines.length).toBeGreaterThanOrEqual(3);
    for (const secretOrPersonal of [
      SECRET,
      'someone@contoso.com',
      '16175555555',
      '"Some"',
      '"One"',
    ]) {
      expect(text).not.toContain(secretOrPersonal);
    }
  });

  it('give a request without X-Request-Id an id of its own and send it back', async () => {
    const response = await request(api.app).get('/healthz');

    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.logs.entries()).toEqual([expect.objectContaining({ requestId: id })]);
  });
});
