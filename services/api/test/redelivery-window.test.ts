import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contentKeyFor,
  describeOrigin,
  LEAD_JOB_OPTIONS,
  LEAD_QUEUE,
  parseLead,
  ROUTE_LEAD_JOB,
  type LeadJobData,
} from '@leadbridge/lead-model';
import { createLogger, createProducerConnection } from '@leadbridge/service-kit';
import {
  documentedExample,
  freePort,
  LogCapture,
  startPrivateRedis,
  startScriptArgs,
  testRedisUrl,
} from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import request from 'supertest';
import { createApp } from '../src/app';
import { adoptEarlierLeads } from '../src/ingest/adopt-earlier-leads';
import { createQueueLeadStore } from '../src/ingest/lead-store';
import { openLeadSpool } from '../src/spool/lead-spool';
import { withSpool } from '../src/spool/spooling-store';
import { ADMIN, SECRET, startApi, type ApiUnderTest } from './harness';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('a lead sent again inside the redelivery window', () => {
  let api: ApiUnderTest;
  beforeEach(() => {
    api = startApi();
  });
  afterEach(() => api.close());

  it('is one lead: the same id, nothing queued again, one entry in the e-mail lookup', async () => {
    const first = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);
    const again = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);

    expect(first.body).toEqual({ id: expect.stringMatching(UUID_V4), status: 'accepted' });
    expect(again.body).toEqual({ id: first.body.id, status: 'duplicate' });
    expect(await api.queue.getJobCountByTypes('waiting')).toBe(1);
    const lookup = await request(api.admin)
      .get(`/api/leads?email=${documentedExample.UserDetails.Email}`)
      .auth(ADMIN.user, ADMIN.password);
    expect(lookup.body.leads.map((lead: { id: string }) => lead.id)).toEqual([first.body.id]);
  });

  it('gets an id of its own event, not one derived from its content', async () => {
    const response = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);
    const parsed = parseLead(documentedExample);
    if (!parsed.ok) throw new Error('fixture must be valid');

    expect(response.body.id).not.toBe(contentKeyFor(parsed.lead));
  });
});

describe('the same lead after the redelivery window', () => {
  it('is a new event: a new id and a second job', async () => {
    const api = startApi(testRedisUrl(), { dedupeWindowSeconds: 1 });
    try {
      const first = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);
      await sleep(1_200);
      const later = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);

      expect(later.body).toEqual({ id: expect.stringMatching(UUID_V4), status: 'accepted' });
      expect(later.body.id).not.toBe(first.body.id);
      const jobs = await api.queue.getJobs(['waiting']);
      expect(jobs.map((job) => job.data.leadId).sort()).toEqual(
        [first.body.id, later.body.id].sort(),
      );
    } finally {
      await api.close();
    }
  });
});

describe('a lead stored before the redelivery window existed', () => {
  let api: ApiUnderTest;
  beforeEach(() => {
    api = startApi();
  });
  afterEach(() => api.close());

  /** Stores the lead as earlier versions did: its content key as its id, no deduplication key. */
  async function storeAsEarlierVersion(body: object, storedAt: number): Promise<string> {
    const parsed = parseLead(body);
    if (!parsed.ok) throw new Error('fixture must be valid');
    const leadId = contentKeyFor(parsed.lead);
    const job: LeadJobData = {
      leadId,
      requestId: 'earlier',
      receivedAt: new Date(storedAt).toISOString(),
      rawBody: JSON.stringify(body),
      lead: parsed.lead,
      origin: describeOrigin(parsed.lead),
    };
    await api.queue.add(ROUTE_LEAD_JOB, job, {
      ...LEAD_JOB_OPTIONS,
      jobId: leadId,
      timestamp: storedAt,
    });
    return leadId;
  }

  it('keeps its id, and a redelivery after the upgrade is answered as that lead', async () => {
    const earlier = await storeAsEarlierVersion(documentedExample, Date.now() - 60_000);
    const old = { ...documentedExample, ActionCode: 'PLT' };
    await storeAsEarlierVersion(old, Date.now() - 2 * 24 * 3600_000);
    const connection = createProducerConnection(testRedisUrl());
    try {
      expect(await adoptEarlierLeads(api.queue, connection, 24 * 3600_000)).toBe(1);
      // Once per queue: a second start finds the work done.
      expect(await adoptEarlierLeads(api.queue, connection, 24 * 3600_000)).toBe(0);
    } finally {
      connection.disconnect();
    }

    const again = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);
    const oldAgain = await request(api.app).post(`/leads?code=${SECRET}`).send(old);

    expect(again.body).toEqual({ id: earlier, status: 'duplicate' });
    // Stored two days ago, outside the window: a new event.
    expect(oldAgain.body.status).toBe('accepted');
  });
});

/** An API process of the built service, started as `npm start -w services/api` starts it. */
function startApiProcess(port: number, prefix: string): ChildProcess {
  const workspace = join(__dirname, '..');
  return spawn(process.execPath, startScriptArgs(workspace), {
    cwd: workspace,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      INGEST_SECRETS: SECRET,
      SPOOL_DIR: join(tmpdir(), `${prefix}-spool-${port}`),
    },
    stdio: 'ignore',
  });
}

async function waitUntilReady(port: number): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (ready?.status === 200) return;
    await sleep(100);
  }
  throw new Error(`the API on port ${port} never became ready`);
}

describe('two API replicas receiving the same redelivery at once', () => {
  it('store one lead and answer every copy with its id', async () => {
    const prefix = `test-race-${Date.now()}`;
    const ports = [await freePort(), await freePort()];
    const processes = ports.map((port) => startApiProcess(port, prefix));
    const queue = new Queue<LeadJobData>(LEAD_QUEUE, {
      connection: { url: testRedisUrl() },
      prefix,
    });
    try {
      await Promise.all(ports.map(waitUntilReady));
      const body = JSON.stringify({ ...documentedExample, Description: `race ${prefix}` });
      const answers = await Promise.all(
        Array.from({ length: 40 }, async (_, n) => {
          const response = await fetch(`http://127.0.0.1:${ports[n % 2]}/leads?code=${SECRET}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
          });
          const { id } = (await response.json()) as { id: string };
          return { status: response.status, id };
        }),
      );

      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 202));
      expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
      expect(await queue.getJobCountByTypes('waiting')).toBe(1);
    } finally {
      for (const child of processes) child.kill('SIGTERM');
      await Promise.all(
        processes.map((child) => new Promise((resolve) => child.once('exit', resolve))),
      );
      await queue.obliterate({ force: true });
      await queue.close();
      await Promise.all(
        ports.map((port) =>
          rm(join(tmpdir(), `${prefix}-spool-${port}`), { recursive: true, force: true }),
        ),
      );
    }
  }, 60_000);
});

describe('a lead spooled while Redis was down, and its redelivery', () => {
  /**
   * Replica A spools the lead while Redis is down; once Redis is back, replica B receives the
   * redelivery. `drainFirst` decides which reaches the queue first.
   */
  async function spooledThenRedelivered(drainFirst: boolean) {
    const redis = await startPrivateRedis();
    const dir = await mkdtemp(join(tmpdir(), 'leadbridge-window-'));
    const prefix = `test-spool-window-${Date.now()}`;
    const logger = createLogger({ service: 'api', stream: new LogCapture() });
    const connectionA = createProducerConnection(redis.url);
    const connectionB = createProducerConnection(redis.url);
    for (const connection of [connectionA, connectionB]) connection.on('error', () => undefined);
    const storeA = createQueueLeadStore({ connection: connectionA, prefix });
    const storeB = createQueueLeadStore({ connection: connectionB, prefix });
    const spool = await openLeadSpool(dir, logger);
    const replicaA = createApp({
      logger,
      store: withSpool(storeA, spool, logger),
      ingestSecrets: [SECRET],
    });
    const replicaB = createApp({ logger, store: storeB, ingestSecrets: [SECRET] });
    let restarted = redis;
    try {
      await redis.stop();
      const spooled = await request(replicaA).post(`/leads?code=${SECRET}`).send(documentedExample);
      expect(spooled.body.status).toBe('accepted');
      expect(spool.depth()).toBe(1);

      restarted = await startPrivateRedis(redis.port);
      await waitFor(() => storeA.isReachable());
      await waitFor(() => storeB.isReachable());
      let redelivered;
      if (drainFirst) {
        await spool.drain((job) => storeA.put(job));
        redelivered = await request(replicaB).post(`/leads?code=${SECRET}`).send(documentedExample);
      } else {
        redelivered = await request(replicaB).post(`/leads?code=${SECRET}`).send(documentedExample);
        await spool.drain((job) => storeA.put(job));
      }
      const jobs = await storeB.queue.getJobs(['waiting']);
      return { spooled: spooled.body, redelivered: redelivered.body, jobs };
    } finally {
      await spool.close();
      await storeA.close();
      await storeB.close();
      connectionA.disconnect();
      connectionB.disconnect();
      await restarted.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('is one lead when the spool is drained before the redelivery arrives', async () => {
    const { spooled, redelivered, jobs } = await spooledThenRedelivered(true);

    expect(redelivered).toEqual({ id: spooled.id, status: 'duplicate' });
    expect(jobs.map((job) => job.id)).toEqual([spooled.id]);
  }, 30_000);

  it('is one lead when the redelivery arrives before the spool is drained', async () => {
    const { redelivered, jobs } = await spooledThenRedelivered(false);

    expect(redelivered.status).toBe('accepted');
    expect(jobs.map((job) => job.id)).toEqual([redelivered.id]);
  }, 30_000);
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (await condition()) return;
    await sleep(100);
  }
  throw new Error('condition never met');
}
