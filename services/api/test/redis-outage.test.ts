import { freePort, startPrivateRedis, type PrivateRedis } from '@leadbridge/test-support';
import request from 'supertest';
import { documentedExample } from '@leadbridge/test-support';
import { SECRET, startApi } from './harness';

// These tests stop and start a redis-server of their own, never the shared test Redis.
describe('when Redis is unreachable', () => {
  // Every Redis call here waits out its timeout, so the test needs more than jest's default 5 s.
  it('answers 503 with Retry-After within 2 seconds and stores nothing', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const api = startApi(nowhere);
    try {
      const started = Date.now();
      const response = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);

      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body.error.code).toBe('QUEUE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect((await request(api.app).get('/readyz')).status).toBe(503);
      expect((await request(api.app).get('/healthz')).status).toBe(200);
    } finally {
      await api.close();
    }
  }, 15_000);

  it('answers 503 while Redis is down mid-run, then accepts leads again once it is back', async () => {
    let redis: PrivateRedis = await startPrivateRedis();
    const api = startApi(redis.url);
    try {
      const before = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);
      expect(before.status).toBe(202);

      await redis.stop();
      const during = await request(api.app)
        .post(`/leads?code=${SECRET}`)
        .send({ ...documentedExample, ActionCode: 'PLT' });
      expect(during.status).toBe(503);

      redis = await startPrivateRedis(redis.port);
      // The producer reconnects in the background (at most every 2 s).
      let after = during;
      for (let tries = 0; tries < 20 && after.status !== 202; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        after = await request(api.app)
          .post(`/leads?code=${SECRET}`)
          .send({ ...documentedExample, ActionCode: 'PLT' });
      }
      expect(after.status).toBe(202);
      expect(await api.queue.getJob(after.body.id)).toBeDefined();
    } finally {
      await api.close();
      await redis.stop();
    }
  }, 15_000);
});
