import { randomUUID } from 'node:crypto';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { testRedisUrl } from '@leadbridge/test-support';
import { awaitAllWritten, Ledger, sendLeads } from './support/leads';
import { ProcessGroup, startApi, startWorker } from './support/processes';
import { FULL, settleMs, sizes } from './support/sizes';

const count = sizes.scaleOutLeads;
const perSecond = FULL ? 200 : 100;
/** Leads that reach both APIs, as when Partner Center re-sends one to another instance. */
const twice = 50;

describe('two APIs and two workers sharing one Redis', () => {
  const group = new ProcessGroup();
  let sim: Simulator;

  afterAll(async () => {
    await group.killAll();
    await sim?.close();
  });

  it(
    `when ${count} leads are spread over both APIs and ${twice} reach both, each is written exactly once`,
    async () => {
      sim = await startSimulator({ faults: { latencyMs: 5 } });
      const options = { redisUrl: testRedisUrl(), prefix: `fault-${randomUUID()}` };
      const apis = [await startApi(group, options), await startApi(group, options)];
      startWorker(group, sim, options);
      startWorker(group, sim, options);
      const ledger = new Ledger();
      const tag = `scale out ${randomUUID()}`;

      // The same tag and index make the same lead: the second sender posts the first leads again,
      // each to the API the first sender did not use.
      await Promise.all([
        sendLeads({ apis, count, perSecond, tag, ledger }),
        sendLeads({ apis: [...apis].reverse(), count: twice, perSecond, tag, ledger }),
      ]);
      const written = await awaitAllWritten(sim, ledger.accepted, settleMs);

      expect(ledger.refused).toEqual([]);
      expect(ledger.accepted.size).toBe(count);
      expect(written).toHaveLength(count);
      expect(new Set(written)).toEqual(ledger.accepted);
    },
    (FULL ? 30_000 : 15_000) + settleMs,
  );

  it('logs no secret and no personal data along the way', () => {
    expect(group.logs.linesSeen).toBeGreaterThan(0);
    expect(group.logs.leaks).toEqual([]);
  });
});
