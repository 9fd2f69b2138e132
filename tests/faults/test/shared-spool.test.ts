import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEAD_QUEUE } from '@leadbridge/lead-model';
import { startPrivateRedis, type PrivateRedis } from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import { Ledger, sendLeads } from './support/leads';
import { ProcessGroup, startApi, type Api } from './support/processes';
import { waitFor } from './support/wait';

/** Every job id in the lead queue, whatever its state (no worker runs: they all wait). */
async function queuedIds(queue: Queue): Promise<string[]> {
  const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
  return jobs.map((job) => String(job.id));
}

/** Waits until `count` leads are in the queue; gives their ids. */
async function awaitQueued(queue: Queue, count: number): Promise<string[]> {
  await waitFor(
    async () => (await queuedIds(queue)).length >= count,
    20_000,
    `${count} leads in the queue`,
  );
  return queuedIds(queue);
}

/** Spool files still holding leads, anywhere under the spool directory. */
function spooledFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith('.ndjson'),
  );
}

describe('API processes sharing one spool directory', () => {
  const group = new ProcessGroup();
  let redis: PrivateRedis | undefined;
  let queue: Queue | undefined;
  const spoolDirs: string[] = [];

  function newSpoolDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'shared-spool-'));
    spoolDirs.push(dir);
    return dir;
  }

  afterEach(async () => {
    await group.killAll();
    await queue?.close();
    queue = undefined;
    await redis?.stop();
    redis = undefined;
  });

  afterAll(() => {
    for (const dir of spoolDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** `count` APIs sharing one spool directory, with Redis down until `redisBack()`. */
  async function apisSharingASpool(count: number) {
    const stopped = await startPrivateRedis();
    await stopped.stop();
    const options = {
      redisUrl: stopped.url,
      prefix: `fault-${randomUUID()}`,
      spoolDir: newSpoolDir(),
    };
    const apis = [];
    for (let n = 0; n < count; n++) apis.push(await startApi(group, options));
    return {
      apis,
      spoolDir: options.spoolDir,
      /** Starts Redis again where the APIs look for it; gives the lead queue. */
      redisBack: async (): Promise<Queue> => {
        redis = await startPrivateRedis(stopped.port);
        queue = new Queue(LEAD_QUEUE, { connection: { url: redis.url }, prefix: options.prefix });
        return queue;
      },
    };
  }

  it('when both APIs spool leads while Redis is down, every acknowledged lead is queued exactly once after it is back', async () => {
    const { apis, spoolDir, redisBack } = await apisSharingASpool(2);
    const ledger = new Ledger();
    const tag = `shared spool ${randomUUID()}`;

    await sendLeads({ apis, count: 200, perSecond: 100, tag, ledger });
    const live = await redisBack();
    // Leads keep arriving while both APIs move their spools to the queue.
    await sendLeads({ apis, count: 600, perSecond: 200, tag: `${tag} after`, ledger });
    await awaitQueued(live, ledger.accepted.size);
    await waitFor(
      () => spooledFiles(spoolDir).length === 0,
      10_000,
      'the spool to be empty',
      () => spooledFiles(spoolDir).join(', '),
    );
    const ids = await queuedIds(live);

    expect(ledger.refused).toEqual([]);
    expect(ids).toHaveLength(ledger.accepted.size);
    expect(new Set(ids)).toEqual(ledger.accepted);
  }, 60_000);

  it('leads spooled by an API that crashed are queued by the other one', async () => {
    const { apis, redisBack } = await apisSharingASpool(2);
    const crashing = apis[0] as Api;
    const ledger = new Ledger();

    await sendLeads({ apis: [crashing], count: 50, perSecond: 100, tag: randomUUID(), ledger });
    await crashing.process.kill('SIGKILL');
    const live = await redisBack();
    const ids = await awaitQueued(live, ledger.accepted.size);

    expect(ledger.accepted.size).toBe(50);
    expect(new Set(ids)).toEqual(ledger.accepted);
    expect(ids).toHaveLength(50);
  }, 60_000);

  it('logs no secret and no personal data along the way', () => {
    expect(group.logs.linesSeen).toBeGreaterThan(0);
    expect(group.logs.leaks).toEqual([]);
  });
});
