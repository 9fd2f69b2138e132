import { randomUUID } from 'node:crypto';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { testRedisUrl } from '@leadbridge/test-support';
import { awaitAllWritten, Ledger, sendLeads } from './support/leads';
import { ProcessGroup, startApi, startWorker, type ServiceProcess } from './support/processes';
import { FULL, settleMs, sizes } from './support/sizes';
import { sleep } from './support/wait';

const KILL_EVERY_MS = 2_000;
const count = sizes.killedWorkerLeads;

describe('a worker that keeps crashing', () => {
  const group = new ProcessGroup();
  let sim: Simulator;

  afterAll(async () => {
    await group.killAll();
    await sim?.close();
  });

  it(
    `when the worker is SIGKILLed every 2 s, all ${count} leads are written exactly once`,
    async () => {
      // A little latency keeps leads in flight when the kill lands.
      sim = await startSimulator({ faults: { latencyMs: 20 } });
      const options = { redisUrl: testRedisUrl(), prefix: `fault-${randomUUID()}` };
      const api = await startApi(group, options);
      const ledger = new Ledger();
      let worker: ServiceProcess = startWorker(group, sim, options);
      let kills = 0;
      let sending = true;

      const killer = (async () => {
        while (sending) {
          await sleep(KILL_EVERY_MS);
          await worker.kill('SIGKILL');
          kills += 1;
          worker = startWorker(group, sim, options);
        }
      })();
      await sendLeads({
        apis: [api],
        count,
        perSecond: sizes.killedWorkerRate,
        tag: `killed worker ${randomUUID()}`,
        ledger,
      });
      sending = false;
      await killer;
      const written = await awaitAllWritten(sim, ledger.accepted, settleMs);

      expect(kills).toBeGreaterThanOrEqual(2);
      expect(ledger.refused).toEqual([]);
      expect(ledger.accepted.size).toBe(count);
      expect(written).toHaveLength(ledger.accepted.size);
      expect(new Set(written)).toEqual(ledger.accepted);
    },
    (FULL ? 60_000 : 20_000) + settleMs,
  );

  it('logs no secret and no personal data along the way', () => {
    expect(group.logs.linesSeen).toBeGreaterThan(0);
    expect(group.logs.leaks).toEqual([]);
  });
});
