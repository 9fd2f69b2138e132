import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createQueueLeadStore } from '@leadbridge/api';
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '@leadbridge/dataverse-simulator';
import { describeOrigin, contentKeyFor, parseLead } from '@leadbridge/lead-model';
import { createProducerConnection } from '@leadbridge/service-kit';
import { startPrivateRedis, startScriptArgs, testRedisUrl } from '@leadbridge/test-support';
import { documentedExample } from '@leadbridge/test-support';
import { eventually } from './stack';

// The built worker, started as `npm start -w services/worker` and the container start it.
// Each test starts worker processes: on a machine busy with other work one start alone can take
// longer than jest's default 5 s.
jest.setTimeout(60_000);

const START = startScriptArgs(join(__dirname, '..'));

function runWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, START, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Runs a worker expected to stop at once: its exit code and what it wrote on stderr. */
async function failedStart(env: Record<string, string>) {
  const child = runWorker(env);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { code: await exitOf(child), stderr };
}

describe('the worker process', () => {
  it('stops with one line naming what is missing when it has no credential', async () => {
    const { code, stderr } = await failedStart({
      DATAVERSE_URL: 'https://contoso.crm.dynamics.com',
      AZURE_TENANT_ID: 'tenant',
      AZURE_CLIENT_ID: 'client',
    });

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE or AZURE_CREDENTIAL=managed-identity is required/,
    );
  });

  it('stops with one line naming every tenant setting left empty, as Compose passes them unset', async () => {
    const { code, stderr } = await failedStart({
      DATAVERSE_URL: '',
      AZURE_AUTHORITY_HOST: '',
      AZURE_TENANT_ID: '',
      AZURE_CLIENT_ID: '',
      AZURE_CLIENT_SECRET: '',
      AZURE_CLIENT_CERTIFICATE_PATH: '',
    });

    expect(code).toBe(1);
    expect(stderr).toBe(
      'leadbridge worker: configuration error: DATAVERSE_URL, AZURE_TENANT_ID, AZURE_CLIENT_ID and ' +
        'AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE, or AZURE_CREDENTIAL=managed-identity) are required but not set: ' +
        "set your Dynamics 365 tenant's values, or LEADBRIDGE_CONFIG to a configuration file\n",
    );
  });

  it('stops with one line naming HTTPS_PROXY when it is not a proxy URL, never showing its password', async () => {
    const { code, stderr } = await failedStart({
      DATAVERSE_URL: 'https://contoso.crm.dynamics.com',
      AZURE_TENANT_ID: 'tenant',
      AZURE_CLIENT_ID: 'client',
      AZURE_CLIENT_SECRET: 'secret',
      HTTPS_PROXY: 'socks5://svc:hunter2@proxy.corp:1080',
    });

    expect(code).toBe(1);
    expect(stderr).toBe(
      'leadbridge worker: configuration error: HTTPS_PROXY must be an http:// or https:// proxy (one that tunnels with CONNECT), got socks5:// proxy\n',
    );
  }, 15_000);

  it('delivers from a Redis that asks for REDIS_PASSWORD, kept apart from REDIS_URL, and never logs it', async () => {
    const password = 'p@ss/w#rd%41 of the stack';
    const redis = await startPrivateRedis(undefined, { password });
    const sim = await startSimulator();
    const producer = createProducerConnection(redis.url);
    const store = createQueueLeadStore({ connection: producer, prefix: 'test-redis-password' });
    const worker = spawn(process.execPath, START, {
      env: {
        PATH: process.env.PATH,
        ...sim.env(),
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        REDIS_PASSWORD: password,
        QUEUE_PREFIX: 'test-redis-password',
        WORKER_HEALTH_PORT: '0',
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const parsed = parseLead(documentedExample);
      if (!parsed.ok) throw new Error('fixture must be valid');
      await store.put({
        leadId: contentKeyFor(parsed.lead),
        requestId: 'redis-password',
        receivedAt: new Date().toISOString(),
        rawBody: '{}',
        lead: parsed.lead,
        origin: describeOrigin(parsed.lead),
      });

      await eventually(() => sim.leads().length === 1, 15_000);
      worker.kill('SIGTERM');
      expect(await exitOf(worker)).toBe(0);
      expect(output).not.toContain(password);
      expect(output).not.toContain(encodeURIComponent(password));
    } finally {
      worker.kill('SIGKILL');
      await store.close();
      producer.disconnect();
      await sim.close();
      await redis.stop();
    }
  }, 30_000);

  describe('killed with SIGKILL in the middle of 200 queued leads', () => {
    let sim: Simulator;
    const children: ChildProcess[] = [];

    afterAll(async () => {
      for (const child of children) child.kill('SIGKILL');
      await sim?.close();
    });

    /**
     * Queues `count` leads, starts a worker, kills it once `killAfter` are written, starts
     * another, and expects every lead written exactly once.
     */
    async function killAndRestart(
      count: number,
      killAfter: number,
      faults: NonNullable<SimulatorOptions['faults']>,
      extraEnv: Record<string, string> = {},
    ) {
      // The previous scenario's simulator; afterAll closes the last one.
      await sim?.close();
      sim = await startSimulator({ faults });
      const prefix = `test-${randomUUID()}`;
      const producer = createProducerConnection(testRedisUrl());
      const store = createQueueLeadStore({ connection: producer, prefix });
      const ids = new Set<string>();
      for (let n = 0; n < count; n++) {
        const parsed = parseLead({ ...documentedExample, Description: `lead ${n}` });
        if (!parsed.ok) throw new Error('fixture must be valid');
        const leadId = contentKeyFor(parsed.lead);
        ids.add(leadId);
        await store.put({
          leadId,
          requestId: `crash-${n}`,
          receivedAt: new Date().toISOString(),
          rawBody: '{}',
          lead: parsed.lead,
          origin: describeOrigin(parsed.lead),
        });
      }
      const env = {
        ...sim.env(),
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'error',
        WORKER_HEALTH_PORT: '0',
        DATAVERSE_RATE_LIMIT_MAX: '10000',
        // Locks of the killed worker lapse quickly, so the restarted one takes its leads up.
        WORKER_LOCK_DURATION_MS: '2000',
        ...extraEnv,
      };

      const first = runWorker(env);
      children.push(first);
      await eventually(() => sim.leads().length >= killAfter, 20_000);
      first.kill('SIGKILL');
      await exitOf(first);
      const writtenBeforeRestart = sim.leads().length;
      expect(writtenBeforeRestart).toBeLessThan(count);

      const second = runWorker(env);
      children.push(second);
      await eventually(() => sim.leads().length === count, 40_000);
      await new Promise((resolve) => setTimeout(resolve, 500));

      const written = sim.leads().map((record) => record.leadid as string);
      expect(written).toHaveLength(count);
      expect(new Set(written)).toEqual(ids);
      second.kill('SIGTERM');
      expect(await exitOf(second)).toBe(0);
      await store.close();
      producer.disconnect();
    }

    it('writes all 200 exactly once after a restart', async () => {
      // A little latency so the kill lands while leads are in flight; one request per lead.
      await killAndRestart(200, 40, { latencyMs: 15 }, { DATAVERSE_BULK_WRITES: 'off' });
    }, 90_000);

    it('with bulk writes, writes all 600 exactly once after a restart', async () => {
      // Each record costs time, so the kill lands while batches are in flight.
      await killAndRestart(
        600,
        100,
        { latencyMs: 15, recordWriteMs: 2 },
        {
          DATAVERSE_BULK_WRITES: 'auto',
          DATAVERSE_BULK_BATCH_SIZE: '50',
          DATAVERSE_BULK_BACKLOG: '50',
        },
      );
      expect(sim.stats().bulkRequests).toBeGreaterThan(0);
    }, 90_000);
  });
});
