import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import { createHealthServer } from '../src';
import { jobIn, startStack, type Stack } from './stack';

jest.setTimeout(20_000);

let stack: Stack | undefined;
let server: Server | undefined;
let redis: Redis | undefined;

afterEach(async () => {
  server?.close();
  redis?.disconnect();
  await stack?.close();
  stack = undefined;
  server = undefined;
});

/** The worker's health listener over the stack's real Redis and token provider. */
async function listen(s: Stack): Promise<string> {
  const client = (redis = new Redis(testRedisUrl()));
  server = createHealthServer({
    registry: s.metrics.registry,
    checks: {
      redis: async () => (await client.ping()) === 'PONG',
      token: async () => (await s.tokens.getToken()).length > 0,
    },
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the worker's health listener", () => {
  it('is ready when Redis answers and a token can be had', async () => {
    stack = await startStack();
    const base = await listen(stack);

    const health = await fetch(`${base}/healthz`);
    const ready = await fetch(`${base}/readyz`);

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { redis: true, token: true } });
  });

  it('is not ready while Entra ID refuses the credentials', async () => {
    stack = await startStack({ clientSecret: 'not-the-secret' });
    const base = await listen(stack);

    const ready = await fetch(`${base}/readyz`);

    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      checks: { redis: true, token: false },
    });
  });

  it('exposes deliveries, Dataverse latency by status, throttling and token metrics', async () => {
    stack = await startStack();
    stack.sim.faults.set({ throttle: { retryAfterSeconds: 1, remaining: 1 } });
    const base = await listen(stack);

    const id = await stack.post(documentedExample);
    // Metrics are counted once the worker has the answer, a moment after the record lands.
    await jobIn(stack, id, 'completed');
    const text = await (await fetch(`${base}/metrics`)).text();

    expect(text).toContain(
      'leadbridge_deliveries_total{destination="dynamics",outcome="written"} 1',
    );
    expect(text).toContain(
      'leadbridge_deliveries_total{destination="dynamics",outcome="throttled"} 1',
    );
    expect(text).toContain('leadbridge_dataverse_throttled_total 1');
    expect(text).toContain('leadbridge_dataverse_retry_after_seconds_total 1');
    expect(text).toMatch(
      /leadbridge_dataverse_request_duration_seconds_count\{method="PATCH",status="204"\} 1/,
    );
    expect(text).toMatch(
      /leadbridge_dataverse_request_duration_seconds_count\{method="PATCH",status="429"\} 1/,
    );
    expect(text).toMatch(
      /leadbridge_token_acquisitions_total\{result="success",forced="false"\} \d+/,
    );
    expect(text).toContain('process_cpu_seconds_total');
  });
});
