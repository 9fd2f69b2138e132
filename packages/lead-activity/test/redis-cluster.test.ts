import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectionReady,
  createLogger,
  createWorkerConnection,
  readRedisSettings,
  type RedisConnection,
} from '@leadbridge/service-kit';
import { LogCapture, startPrivateCluster, type PrivateCluster } from '@leadbridge/test-support';
import {
  createLeadActivityReader,
  createLeadActivityWriter,
  forgetLeadActivity,
  recordOperatorAction,
} from '../src';
import { aLead } from './activity-fixture';

// Three masters joined into a cluster take a few seconds to start.
jest.setTimeout(60_000);

let dir: string;
let cluster: PrivateCluster;
let connection: RedisConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadbridge-activity-cluster-'));
  cluster = await startPrivateCluster(dir);
});
afterAll(async () => {
  connection?.disconnect();
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('on a Redis Cluster', () => {
  it('records, lists with filters, sums up and forgets, every key under the hash-tagged prefix', async () => {
    const settings = readRedisSettings({ ...cluster.env, QUEUE_PREFIX: 'leadbridge' });
    connection = createWorkerConnection(settings);
    await connectionReady(connection);
    const logs = new LogCapture();
    const store = { connection, prefix: settings.queuePrefix };
    const writer = createLeadActivityWriter({
      ...store,
      logger: createLogger({ service: 'test', stream: logs }),
      timeoutMs: 5_000,
    });
    const reader = createLeadActivityReader(store);
    const kept = aLead({ actionCode: 'PLT' });
    const failed = aLead();

    for (const lead of [kept, failed]) {
      await writer.routed(lead, { destinations: ['crm', 'sales'], reason: 'every lead' });
      await writer.attempt(lead, { destination: 'crm', attempt: 1, outcome: 'delivered' });
    }
    await writer.attempt(failed, {
      destination: 'sales',
      attempt: 1,
      outcome: 'failed',
      reason: 'permanent failure',
      failureClass: 'permanent 550',
    });
    await recordOperatorAction(store, failed.id, {
      kind: 'retried',
      destination: 'sales',
      by: 'ada',
    });

    expect(logs.lines).toEqual([]);
    const page = await reader.list(
      { destination: 'crm', actionCode: 'INS', ids: [failed.id, kept.id] },
      { page: 1, size: 10 },
    );
    expect(page.leads.map((lead) => lead.id)).toEqual([failed.id]);
    expect((await reader.overview(1)).failuresByReason).toEqual({ 'permanent 550': 1 });
    expect(await forgetLeadActivity(store, [failed.id])).toBe(1);
    expect((await reader.list({}, { page: 1, size: 10 })).leads.map((lead) => lead.id)).toEqual([
      kept.id,
    ]);
  });
});
