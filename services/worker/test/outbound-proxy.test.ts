import { randomUUID } from 'node:crypto';
import { createQueueLeadStore } from '@leadbridge/api';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { describeOrigin, contentKeyFor, parseLead } from '@leadbridge/lead-model';
import { createLogger, createProducerConnection } from '@leadbridge/service-kit';
import {
  documentedExample,
  LogCapture,
  startTestProxy,
  testRedisUrl,
  type TestProxy,
} from '@leadbridge/test-support';
import { createWorker, readWorkerSettings, type Worker } from '../src';
import { eventually } from './stack';

jest.setTimeout(30_000);

// What each test started, stopped in the reverse order.
const started: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of started.splice(0).reverse()) await stop();
});

/**
 * The org and Entra ID on two host names, as in a tenant: the simulator answers on both
 * 127.0.0.1 (Entra ID, the authority) and localhost (the org), so the proxy's log tells them apart.
 */
function hostsOf(sim: Simulator) {
  const port = new URL(sim.url).port;
  return {
    authority: `127.0.0.1:${port}`,
    org: `localhost:${port}`,
    env: {
      AZURE_AUTHORITY_HOST: sim.url,
      DATAVERSE_URL: `https://localhost:${port}`,
      AZURE_TENANT_ID: sim.tenantId,
      AZURE_CLIENT_ID: sim.clientId,
      AZURE_CLIENT_SECRET: sim.clientSecret,
    },
  };
}

async function start<T extends { close(): unknown }>(thing: Promise<T>): Promise<T> {
  const value = await thing;
  started.push(() => value.close());
  return value;
}

/** The worker as main.ts builds it, from these variables, trusting the simulator's CA. */
function startWorker(sim: Simulator, env: Record<string, string>) {
  const logs = new LogCapture();
  const prefix = `test-${randomUUID()}`;
  const fullEnv = {
    ...hostsOf(sim).env,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    WORKER_HEALTH_PORT: '0',
    DATAVERSE_TIMEOUT_MS: '5000',
    ...env,
  };
  const worker: Worker = createWorker(readWorkerSettings(fullEnv), {
    env: fullEnv,
    ca: sim.caCertPem,
    logger: createLogger({ service: 'worker', stream: logs, level: 'debug' }),
  });
  started.push(() => worker.close());
  return { worker, logs, prefix };
}

/** Queues Microsoft's documented example lead under `prefix`, as the API stores it. */
async function queueLead(prefix: string): Promise<void> {
  const producer = createProducerConnection(testRedisUrl());
  const store = createQueueLeadStore({ connection: producer, prefix });
  started.push(async () => {
    await store.close();
    producer.disconnect();
  });
  const parsed = parseLead(documentedExample);
  if (!parsed.ok) throw new Error('fixture must be valid');
  await store.put({
    leadId: contentKeyFor(parsed.lead),
    requestId: 'through-proxy',
    receivedAt: new Date().toISOString(),
    rawBody: '{}',
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
  });
}

describe('a worker behind an outbound proxy', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await start(startSimulator());
  });

  it('with HTTPS_PROXY set, delivers a lead to Dynamics through it: the proxy opened tunnels to Entra ID and to the org', async () => {
    const proxy: TestProxy = await start(startTestProxy());
    const { authority, org } = hostsOf(sim);
    const { worker, prefix, logs } = startWorker(sim, { HTTPS_PROXY: proxy.url });

    await worker.start();
    await queueLead(prefix);

    await eventually(() => sim.leads().length === 1, 15_000);
    expect(new Set(proxy.tunnels())).toEqual(new Set([authority, org]));
    const startLine = logs.entries().find((entry) => entry.message === 'worker started');
    expect(startLine?.proxy).toBe(`${proxy.url} (HTTPS_PROXY)`);
  });

  it('keeps its connections to the org open through the tunnel: many leads, a handful of CONNECTs', async () => {
    const proxy = await start(startTestProxy());
    const { org } = hostsOf(sim);
    const { worker, prefix } = startWorker(sim, {
      https_proxy: proxy.url,
      DATAVERSE_MAX_CONCURRENCY: '2',
    });
    await worker.start();

    const producer = createProducerConnection(testRedisUrl());
    const store = createQueueLeadStore({ connection: producer, prefix });
    started.push(async () => {
      await store.close();
      producer.disconnect();
    });
    for (let n = 0; n < 20; n++) {
      const parsed = parseLead({ ...documentedExample, Description: `lead ${n}` });
      if (!parsed.ok) throw new Error('fixture must be valid');
      await store.put({
        leadId: contentKeyFor(parsed.lead),
        requestId: `keep-alive-${n}`,
        receivedAt: new Date().toISOString(),
        rawBody: '{}',
        lead: parsed.lead,
        origin: describeOrigin(parsed.lead),
      });
    }

    await eventually(() => sim.leads().length === 20, 20_000);
    // Two sockets at most to the org (the concurrency), each opened once and reused.
    expect(proxy.tunnels().filter((target) => target === org).length).toBeLessThanOrEqual(2);
  });

  it('with the proxy user and password in HTTPS_PROXY, a proxy that asks for them lets the lead through', async () => {
    const password = 'pr0xy p@ss/word';
    const proxy = await start(startTestProxy({ credentials: { user: 'leadbridge', password } }));
    const { worker, prefix, logs } = startWorker(sim, {
      HTTPS_PROXY: proxy.urlWith('leadbridge', password),
    });

    await worker.start();
    await queueLead(prefix);

    await eventually(() => sim.leads().length === 1, 15_000);
    expect(proxy.tunnels().length).toBeGreaterThanOrEqual(2);
    expect(logs.text()).not.toContain(password);
    expect(logs.text()).not.toContain(encodeURIComponent(password));
  });

  it('with wrong proxy credentials, no token is had and the worker says the proxy refused with 407, naming HTTPS_PROXY but not the password', async () => {
    const proxy = await start(
      startTestProxy({ credentials: { user: 'leadbridge', password: 'the-right-one' } }),
    );
    const { worker, logs } = startWorker(sim, {
      HTTPS_PROXY: proxy.urlWith('leadbridge', 'a-wrong-one'),
    });
    const [destination] = worker.destinations;

    await expect(destination?.ready()).rejects.toThrow(
      `could not get a token from Entra ID: the proxy http://[redacted]@127.0.0.1:${proxy.port} (HTTPS_PROXY) refused a tunnel to ${hostsOf(sim).authority} with 407 Proxy Authentication Required: it asks for credentials: put the right user and password in HTTPS_PROXY`,
    );
    expect(proxy.tunnels()).toEqual([]);
    expect(sim.stats().tokensIssued).toBe(0);
    expect(logs.text()).not.toContain('a-wrong-one');
  });

  it('reaches a host listed in NO_PROXY directly, and the others through the proxy', async () => {
    const proxy = await start(startTestProxy());
    const { authority, org } = hostsOf(sim);
    const { worker, prefix } = startWorker(sim, {
      HTTPS_PROXY: proxy.url,
      // Entra ID directly; the org through the proxy.
      NO_PROXY: 'example.internal, 127.0.0.1',
    });

    await worker.start();
    await queueLead(prefix);

    await eventually(() => sim.leads().length === 1, 15_000);
    expect(proxy.tunnels()).toContain(org);
    expect(proxy.tunnels()).not.toContain(authority);
  });

  it('with no proxy variable, connects directly and says so at start', async () => {
    const { worker, prefix, logs } = startWorker(sim, {});

    await worker.start();
    await queueLead(prefix);

    await eventually(() => sim.leads().length === 1, 15_000);
    const startLine = logs.entries().find((entry) => entry.message === 'worker started');
    expect(startLine?.proxy).toBe('none');
  });
});
