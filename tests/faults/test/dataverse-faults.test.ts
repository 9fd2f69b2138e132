import { randomUUID } from 'node:crypto';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { testRedisUrl } from '@leadbridge/test-support';
import { awaitAllWritten, Ledger, sendLeads } from './support/leads';
import { ProcessGroup, startApi, startWorker } from './support/processes';
import { FULL, settleMs, sizes } from './support/sizes';
import { waitFor } from './support/wait';

const count = sizes.faultLeads;
// Slow enough in the full run that leads keep arriving all through the 60 s outage.
const perSecond = FULL ? 10 : 50;
const sendMs = (count / perSecond) * 1_000;
const THROTTLED_REQUESTS = FULL ? 1_000 : 100;

/**
 * Runs one scenario: an API and a worker on their own queue, `count` leads, and `fault` applied
 * once a third of them are sent. Returns what the simulator holds and what the API accepted.
 */
async function runWithFault(
  group: ProcessGroup,
  sim: Simulator,
  fault: (sent: number) => void | Promise<void>,
): Promise<{ written: string[]; ledger: Ledger }> {
  const options = { redisUrl: testRedisUrl(), prefix: `fault-${randomUUID()}` };
  const api = await startApi(group, options);
  startWorker(group, sim, options);
  // The fault must meet a running worker: one slow to start could miss it altogether.
  await waitFor(() => sim.stats().tokensIssued > 0, 30_000, 'the worker to take its first token');
  const ledger = new Ledger();
  await sendLeads({
    apis: [api],
    count,
    perSecond,
    tag: `dataverse fault ${randomUUID()}`,
    ledger,
    onProgress: fault,
  });
  const written = await awaitAllWritten(sim, ledger.accepted, settleMs);
  return { written, ledger };
}

describe('Dataverse failing under the worker', () => {
  const group = new ProcessGroup();
  const simulators: Simulator[] = [];

  async function simulator(): Promise<Simulator> {
    const sim = await startSimulator({ faults: { latencyMs: 5 } });
    simulators.push(sim);
    return sim;
  }

  afterAll(async () => {
    await group.killAll();
    await Promise.all(simulators.map((sim) => sim.close()));
  });

  const timeout = sendMs + settleMs + 30_000;

  it(
    `when Dataverse answers 503 for ${sizes.outageMs / 1_000} s mid-run, all ${count} leads are written exactly once`,
    async () => {
      const sim = await simulator();
      let started = false;
      const { written, ledger } = await runWithFault(group, sim, (sent) => {
        if (!started && sent >= count / 3) {
          started = true;
          sim.faults.set({ outage: { status: 503, durationMs: sizes.outageMs } });
        }
      });

      // The outage is the only source of 503s: the worker met it and got through.
      expect(sim.stats().requests.leads?.['503'] ?? 0).toBeGreaterThan(0);
      expect(ledger.refused).toEqual([]);
      expect(written).toHaveLength(count);
      expect(new Set(written)).toEqual(ledger.accepted);
    },
    timeout + sizes.outageMs,
  );

  it(
    `when a storm of ${THROTTLED_REQUESTS} requests is answered 429 with Retry-After 1, all ${count} leads are written exactly once`,
    async () => {
      const sim = await simulator();
      let started = false;
      const { written, ledger } = await runWithFault(group, sim, (sent) => {
        if (!started && sent >= count / 3) {
          started = true;
          sim.faults.set({ throttle: { retryAfterSeconds: 1, remaining: THROTTLED_REQUESTS } });
        }
      });

      expect(sim.stats().throttled).toBe(THROTTLED_REQUESTS);
      expect(ledger.refused).toEqual([]);
      expect(written).toHaveLength(count);
      expect(new Set(written)).toEqual(ledger.accepted);
    },
    timeout,
  );

  it(
    `when every token is revoked twice mid-run, all ${count} leads are written exactly once`,
    async () => {
      const sim = await simulator();
      let revocations = 0;
      const { written, ledger } = await runWithFault(group, sim, async (sent) => {
        if (sent < ((revocations + 1) * count) / 3 || revocations >= 2) return;
        // Revoking only hurts a token in use: sending pauses until the worker holds one issued
        // since the last revocation (a worker slow to start may not have asked for any yet).
        await waitFor(
          () => sim.stats().tokensIssued > revocations,
          30_000,
          'the worker to take a fresh token',
        );
        revocations += 1;
        sim.revokeTokens();
      });

      expect(revocations).toBe(2);
      // One token at start-up, then a fresh one after each revocation.
      expect(sim.stats().tokensIssued).toBeGreaterThanOrEqual(3);
      expect(ledger.refused).toEqual([]);
      expect(written).toHaveLength(count);
      expect(new Set(written)).toEqual(ledger.accepted);
    },
    timeout,
  );

  it('logs no secret and no personal data along the way', () => {
    expect(group.logs.linesSeen).toBeGreaterThan(0);
    expect(group.logs.leaks).toEqual([]);
  });
});
