import { randomUUID } from 'node:crypto';
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

  afterAll(async () => {
    await group.killAll();
    await redis?.stop();
    await sim?.close();
  });

  it(
    `when Redis is stopped for ${sizes.redisDownMs / 1_000} s while leads keep arriving, all ${count} are accepted and written exactly once`,
    async () => {
      sim = await startSimulator({ faults: { latencyMs: 5 } });
      redis = await startPrivateRedis();
      const port = redis.port;
      const options = { redisUrl: redis.url, prefix: `fault-${randomUUID()}` };
      const api = await startApi(group, options);
      startWorker(group, sim, options);
      const ledger = new Ledger();
      const tag = `redis outage ${randomUUID()}`;

      await sendLeads({ apis: [api], count: before, perSecond: PER_SECOND, tag, ledger });
      // The private Redis keeps nothing on disk, so what it held is gone after a restart: let
      // the first leads reach Dataverse before the outage, as they would from a persistent Redis.
      await awaitAllWritten(sim, ledger.accepted, settleMs);
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
      redis = await startPrivateRedis(port);
      await sendLeads({
        apis: [api],
        count: after,
        perSecond: PER_SECOND,
        tag: `${tag} after`,
        ledger,
      });
      const written = await awaitAllWritten(sim, ledger.accepted, settleMs);

      expect(acceptedWhileDown).toBe(during);
      expect(ledger.refused).toEqual([]);
      expect(written).toHaveLength(count);
      expect(new Set(written)).toEqual(ledger.accepted);
    },
    3 * settleMs,
  );
});
