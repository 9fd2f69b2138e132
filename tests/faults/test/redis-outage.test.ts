import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { startPrivateRedis, type PrivateRedis } from '@leadbridge/test-support';
import { awaitAllWritten, Ledger, sendLeads } from './support/leads';
import { ProcessGroup, startApi, startWorker } from './support/processes';
import { settleMs, sizes } from './support/sizes';

const PER_SECOND = 20;
const before = 50;
const during = (sizes.redisDownMs / 1_000) * PER_SECOND;
const after = 50;
const count = before + during + after;

describe('Redis going away under the API and the worker', () => {
  const group = new ProcessGroup();
  let sim: Simulator;
  let redis: PrivateRedis | undefined;
  // An append-only file fsync'd on every write, as production runs Redis: a killed Redis comes
  // back with every lead it had acknowledged.
  const dataDir = mkdtempSync(join(tmpdir(), 'leadbridge-redis-'));

  afterAll(async () => {
    await group.killAll();
    await redis?.stop();
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `when Redis is killed for ${sizes.redisDownMs / 1_000} s while leads keep arriving, all ${count} are accepted and written exactly once`,
    async () => {
      // A slow Dataverse at first, so leads are queued and in flight when Redis is killed.
      sim = await startSimulator({ faults: { latencyMs: 1_000 } });
      redis = await startPrivateRedis(undefined, { dataDir });
      const port = redis.port;
      const options = { redisUrl: redis.url, prefix: `fault-${randomUUID()}` };
      const api = await startApi(group, options);
      startWorker(group, sim, options);
      const ledger = new Ledger();
      const tag = `redis outage ${randomUUID()}`;

      await sendLeads({ apis: [api], count: before, perSecond: PER_SECOND, tag, ledger });
      // Killed at once, with leads still queued and in flight to Dataverse.
      const writtenBeforeKill = sim.leads().length;
      await redis.stop();
      redis = undefined;
      await sendLeads({
        apis: [api],
        count: during,
        perSecond: PER_SECOND,
        tag: `${tag} while down`,
        ledger,
      });
      const acceptedWhileDown = ledger.accepted.size - before;
      redis = await startPrivateRedis(port, { dataDir });
      sim.faults.set({ latencyMs: 5 });
      await sendLeads({
        apis: [api],
        count: after,
        perSecond: PER_SECOND,
        tag: `${tag} after`,
        ledger,
      });
      const written = await awaitAllWritten(sim, ledger.accepted, settleMs);

      expect(writtenBeforeKill).toBeLessThan(before);
      expect(acceptedWhileDown).toBe(during);
      expect(ledger.refused).toEqual([]);
      expect(written).toHaveLength(count);
      expect(new Set(written)).toEqual(ledger.accepted);
    },
    3 * settleMs,
  );

  it('logs no secret and no personal data along the way', () => {
    expect(group.logs.linesSeen).toBeGreaterThan(0);
    expect(group.logs.leaks).toEqual([]);
  });
});
