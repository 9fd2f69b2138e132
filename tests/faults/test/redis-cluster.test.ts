import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import {
  documentedExample,
  startPrivateCluster,
  type PrivateCluster,
} from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import { awaitAllWritten, Ledger, sendLeads } from './support/leads';
import { ProcessGroup, startApi, startWorker, type ServiceProcess } from './support/processes';

const COUNT = 60;
// `npm run forget -- <e-mail>`: the API workspace's built command.
const FORGET_CLI = join(
  dirname(require.resolve('@leadbridge/api/package.json')),
  'dist',
  'forget-cli.js',
);

/** Every key on one server that starts with `text` (SCAN, which a Cluster runs per node). */
async function keysOn(port: number, text: string): Promise<string[]> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  try {
    await redis.connect();
    const keys: string[] = [];
    const match = `${text.replace(/[*?[\]\\{}]/g, '\\$&')}*`;
    for await (const batch of redis.scanStream({ match, count: 1_000 }) as AsyncIterable<string[]>)
      keys.push(...batch);
    return keys;
  } finally {
    redis.disconnect();
  }
}

describe('Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  const group = new ProcessGroup();
  const dir = mkdtempSync(join(tmpdir(), 'leadbridge-redis-cluster-'));
  let cluster: PrivateCluster | undefined;
  let sim: Simulator | undefined;

  afterAll(async () => {
    await group.killAll();
    await cluster?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`on a cluster of three masters, all ${COUNT} leads posted to the API are delivered exactly once, every key under one hash tag`, async () => {
    cluster = await startPrivateCluster(dir, 3);
    sim = await startSimulator();
    const prefix = `cluster-${randomUUID()}`;
    const options = { env: cluster.env, prefix };
    const spoolDir = mkdtempSync(join(dir, 'spool-'));
    const api = await startApi(group, { ...options, spoolDir });
    const worker: ServiceProcess = startWorker(group, sim, options);
    const ledger = new Ledger();

    await sendLeads({
      apis: [api],
      count: COUNT,
      perSecond: 30,
      tag: `cluster ${randomUUID()}`,
      ledger,
    });
    const written = await awaitAllWritten(sim, ledger.accepted, 30_000);

    expect(ledger.refused).toEqual([]);
    expect(ledger.accepted.size).toBe(COUNT);
    expect(written).toHaveLength(COUNT);
    expect(new Set(written)).toEqual(ledger.accepted);
    // QUEUE_PREFIX became the hash tag {<prefix>}: every key, BullMQ's and Leadbridge's own
    // (lookup key, e-mail index), is on one node, so no script or transaction spans slots.
    const perNode = await Promise.all(
      cluster.nodes.map(({ port }) => keysOn(port, `{${prefix}}:`)),
    );
    const holding = perNode.filter((keys) => keys.length > 0);
    expect(holding).toHaveLength(1);
    const keys = holding[0] ?? [];
    expect(keys).toEqual(expect.arrayContaining([`{${prefix}}:leadbridge-leads:meta`]));
    expect(keys.some((key) => key.startsWith(`{${prefix}}:leadbridge:email:`))).toBe(true);
    expect(keys.some((key) => key.startsWith(`{${prefix}}:leadbridge-to-`))).toBe(true);
    for (const output of [api.process.log, worker.log]) {
      expect(output).not.toMatch(/CROSSSLOT|MOVED|cannot be delivered/);
    }
    // The sweep of failed leads walks every master's keys at start.
    expect(worker.log).not.toContain('removing expired personal data failed');

    // Erasing the person (every test lead is theirs) finds the queues and the index on the
    // cluster: with the API stopped, as the command asks.
    await api.process.kill('SIGTERM');
    const erased = await promisify(execFile)(
      process.execPath,
      [FORGET_CLI, documentedExample.UserDetails.Email],
      {
        env: { PATH: process.env.PATH, ...cluster.env, QUEUE_PREFIX: prefix, SPOOL_DIR: spoolDir },
      },
    );
    expect(erased.stdout).toContain(`Queues: ${2 * COUNT} jobs of ${COUNT} leads removed`);
    expect(erased.stdout).toContain(`Lookup index: ${COUNT} lead ids removed`);
    const left = await Promise.all(
      cluster.nodes.map(({ port }) => keysOn(port, `{${prefix}}:leadbridge:email:`)),
    );
    expect(left.flat()).toEqual([]);
  }, 55_000);

  it('logs no secret and no personal data along the way', () => {
    expect(group.logs.linesSeen).toBeGreaterThan(0);
    expect(group.logs.leaks).toEqual([]);
  });
});
