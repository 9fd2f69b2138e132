import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LEAD_QUEUE, type LeadJobData } from '@leadbridge/lead-model';
import { createProducerConnection, withTimeout } from '@leadbridge/service-kit';
import { documentedExample, startPrivateRedis, type PrivateRedis } from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import request from 'supertest';
import { createApp } from '../src/app';
import { createQueueLeadStore } from '../src/ingest/lead-store';
import { openLeadSpool, type LeadSpoolOptions } from '../src/spool/lead-spool';
import { hostIdentity, PROBE_FILE } from '../src/spool/spool-owner';
import { startSpoolDrain, withSpool } from '../src/spool/spooling-store';
import { SECRET } from './harness';
import {
  deadPid,
  eventually,
  job,
  leftBehind,
  spoolFiles,
  spoolLogger as logger,
  spoolLogs,
  testDisk,
} from './spool-support';

jest.setTimeout(30_000);

describe('the lead spool on disk', () => {
  it('keeps appended leads across a reopen and gives them back in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    const spool = await openLeadSpool(dir, logger);
    await Promise.all([0, 1, 2].map((n) => spool.append(job(n))));
    expect(spool.depth()).toBe(3);

    await spool.close();

    const reopened = await openLeadSpool(dir, logger);
    const seen: string[] = [];
    expect(reopened.depth()).toBe(3);
    await reopened.drain(async (entry) => seen.push(entry.requestId));

    expect(seen).toEqual(['c-0', 'c-1', 'c-2']);
    expect(reopened.depth()).toBe(0);
    await reopened.close();
    expect(await spoolFiles(dir)).toEqual([]);
  });

  it('skips a last line cut short by a crash and keeps appending cleanly after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    // What a process of this machine that crashed mid-write left.
    await leftBehind(dir, { pid: deadPid(), host: hostIdentity() }, [0, 1], '{"leadId":"torn');

    const spool = await openLeadSpool(dir, logger);
    await spool.append(job(2));
    const seen: string[] = [];
    await spool.drain(async (entry) => seen.push(entry.requestId));

    expect(seen).toEqual(['c-0', 'c-1', 'c-2']);
    await spool.close();
  });

  it('keeps a file whose drain failed, for the next try', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    const spool = await openLeadSpool(dir, logger);
    await spool.append(job(0));

    await expect(
      spool.drain(async () => {
        throw new Error('redis gone again');
      }),
    ).rejects.toThrow('redis gone again');
    expect(spool.depth()).toBe(1);
    const files = await spoolFiles(dir);
    expect(files).toHaveLength(1);
    expect(await readFile(join(dir, files[0] as string), 'utf8')).toContain('c-0');
    await spool.close();
  });
});

describe('when Redis is down, the API spools leads instead of turning them away', () => {
  let redis: PrivateRedis | undefined;
  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  async function startApiWithSpool(
    redisUrl: string,
    spoolDir: string,
    options: LeadSpoolOptions = {},
  ) {
    const prefix = `test-${randomUUID()}`;
    const connection = createProducerConnection(redisUrl);
    connection.on('error', () => undefined);
    const queueStore = createQueueLeadStore({ connection, prefix });
    const spool = await openLeadSpool(spoolDir, logger, options);
    const store = withSpool(queueStore, spool, logger);
    const stopDrain = startSpoolDrain(queueStore, spool, logger, 100);
    const app = createApp({ logger, store, ingestSecrets: [SECRET] });
    const queue = new Queue<LeadJobData>(LEAD_QUEUE, { connection: { url: redisUrl }, prefix });
    queue.on('error', () => undefined);
    return {
      app,
      spool,
      queue,
      async close() {
        stopDrain();
        await spool.close();
        await store.close();
        connection.disconnect();
        await withTimeout(queue.close(), 1_000, 'closing').catch(() => queue.disconnect());
      },
    };
  }

  it('answers 202, keeps the lead on disk, and queues it once Redis is back', async () => {
    redis = await startPrivateRedis();
    const port = redis.port;
    await redis.stop();
    const api = await startApiWithSpool(redis.url, await mkdtemp(join(tmpdir(), 'spool-')));
    try {
      const response = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);

      expect(response.status).toBe(202);
      expect(response.body).toEqual({ id: expect.any(String), status: 'accepted' });
      expect(api.spool.depth()).toBe(1);
      const ready = await request(api.app).get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready', redis: false, spooled: 1 });

      redis = await startPrivateRedis(port);
      await eventually(async () => (await api.queue.getJob(response.body.id)) !== undefined);
      await eventually(() => api.spool.depth() === 0);
      const again = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);
      expect(again.body).toEqual({ id: response.body.id, status: 'duplicate' });
    } finally {
      await api.close();
    }
  });

  it('drains what an earlier run spooled when the API starts again', async () => {
    const spoolDir = await mkdtemp(join(tmpdir(), 'spool-'));
    const earlier = await openLeadSpool(spoolDir, logger);
    await earlier.append(job(7));
    await earlier.close();
    redis = await startPrivateRedis();

    const api = await startApiWithSpool(redis.url, spoolDir);
    try {
      await eventually(async () => (await api.queue.getJob(job(7).leadId)) !== undefined);
      await eventually(() => api.spool.depth() === 0);
    } finally {
      await api.close();
    }
  });

  /**
   * With Redis down, an API whose spool becomes unusable after it opened (its directory turns
   * into a file) meets `check`.
   */
  async function withBrokenSpool(
    check: (api: Awaited<ReturnType<typeof startApiWithSpool>>, spoolDir: string) => Promise<void>,
  ): Promise<void> {
    redis = await startPrivateRedis();
    await redis.stop();
    const spoolDir = await mkdtemp(join(tmpdir(), 'spool-'));
    // Every /readyz tries the spool, so the change is seen at once.
    const api = await startApiWithSpool(redis.url, spoolDir, { probeCacheMs: 0 });
    try {
      expect((await request(api.app).get('/readyz')).status).toBe(200);
      await rm(spoolDir, { recursive: true });
      await writeFile(spoolDir, '');
      await check(api, spoolDir);
    } finally {
      await api.close();
    }
  }

  it('answers 503 only when the spool cannot be written either', () =>
    withBrokenSpool(async (api) => {
      const response = await request(api.app).post(`/leads?code=${SECRET}`).send(documentedExample);

      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
    }));

  it('is not ready when neither Redis nor the spool can take a lead, says so without naming the directory, and logs why once', () =>
    withBrokenSpool(async (api, spoolDir) => {
      const before = spoolLogs.lines.length;
      const answers = [];
      for (let n = 0; n < 5; n++) answers.push(await request(api.app).get('/readyz'));

      for (const ready of answers) {
        expect(ready.status).toBe(503);
        expect(ready.body).toEqual({
          status: 'unavailable',
          redis: false,
          spooled: 0,
          reason: 'Redis is unreachable and the spool cannot take leads',
        });
      }
      const told = spoolLogs
        .entries()
        .slice(before)
        .filter((entry) => entry.message === 'spool: cannot take leads');
      expect(told).toHaveLength(1);
      expect(JSON.stringify(told[0])).toContain(spoolDir);
    }));

  it('tries the spool for /readyz once for every caller at the same time, and not again for a while', async () => {
    redis = await startPrivateRedis();
    await redis.stop();
    const disk = testDisk();
    const spoolDir = await mkdtemp(join(tmpdir(), 'spool-'));
    const api = await startApiWithSpool(redis.url, spoolDir, { disk, probeCacheMs: 1_000 });
    const probes = () => disk.calls.filter((call) => call.endsWith(`/${PROBE_FILE}`)).length;
    try {
      const together = await Promise.all(
        Array.from({ length: 10 }, () => request(api.app).get('/readyz')),
      );
      expect(together.map((ready) => ready.status)).toEqual(Array(10).fill(200));
      expect(probes()).toBe(1);

      for (let n = 0; n < 5; n++) expect((await request(api.app).get('/readyz')).status).toBe(200);
      expect(probes()).toBe(1);

      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await request(api.app).get('/readyz')).status).toBe(200);
      expect(probes()).toBe(2);
    } finally {
      await api.close();
    }
  });
});
