import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { startPrivateSentinelGroup, type PrivateSentinelGroup } from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import { awaitAllWritten, awaitWrittenOrQuiet, Ledger, sendLeads } from './support/leads';
import { ProcessGroup, startApi, startWorker, type Api } from './support/processes';
import { FULL, sizes } from './support/sizes';
import { waitFor } from './support/wait';

const half = sizes.failoverLeads / 2;
const RATE = sizes.failoverRate;

/** Connections on 127.0.0.1:`port` that are not the sentinels' (nor this question's own). */
async function clientsOtherThanSentinels(port: number): Promise<number> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const own = await redis.client('ID');
    const list = (await redis.client('LIST')) as string;
    return list
      .split('\n')
      .filter((line) => line.startsWith('id=') && !line.startsWith(`id=${own} `))
      .filter((line) => !/ name=sentinel-/.test(line) && !/ flags=[^ ]*[SM]/.test(line)).length;
  } finally {
    redis.disconnect();
  }
}

interface Run {
  ledger: Ledger;
  /** The ids of the leads acknowledged before the failover had finished. */
  before: Set<string>;
  /** The ids of those acknowledged once every service had moved to the new master. */
  after: Set<string>;
  written: string[];
}

/**
 * Master, replica and three sentinels; the API and a worker reach them through the sentinels.
 * Half the leads are sent with a failover (SENTINEL FAILOVER) asked for in their middle; once the
 * services have left the old master, the other half.
 */
async function failoverMidRun(options: {
  processes: ProcessGroup;
  dir: string;
  serverArgs: string[];
  env: Record<string, string>;
  untilFollowed: boolean;
  settle: (sim: Simulator, accepted: Set<string>) => Promise<string[]>;
  /** Told of what the run starts, for afterEach to stop. */
  started: (stoppable: { stop(): Promise<void> } | { close(): Promise<void> }) => void;
}): Promise<Run> {
  const sentinel = await startPrivateSentinelGroup({
    dir: options.dir,
    serverArgs: options.serverArgs,
  });
  options.started(sentinel);
  // A little latency keeps deliveries in flight when the master changes.
  const sim = await startSimulator({ faults: { latencyMs: 20 } });
  options.started(sim);
  const redis = { env: { ...sentinel.env, ...options.env }, prefix: `failover-${randomUUID()}` };
  const api: Api = await startApi(options.processes, redis);
  startWorker(options.processes, sim, redis);
  const ledger = new Ledger();
  const tag = `failover ${randomUUID()}`;
  let failover: ReturnType<PrivateSentinelGroup['failover']> | undefined;

  await sendLeads({
    apis: [api],
    count: half,
    perSecond: RATE,
    tag,
    ledger,
    onProgress: (sent) => {
      if (sent >= half / 2)
        failover ??= sentinel.failover({ untilFollowed: options.untilFollowed });
    },
  });
  const { from } = await (failover as NonNullable<typeof failover>);
  await waitFor(
    async () => (await clientsOtherThanSentinels(from)) === 0,
    30_000,
    'the API and the worker to leave the old master',
  );
  const before = new Set(ledger.accepted);
  await sendLeads({ apis: [api], count: half, perSecond: RATE, tag: `${tag} after`, ledger });
  const after = new Set([...ledger.accepted].filter((id) => !before.has(id)));
  const written = await options.settle(sim, ledger.accepted);
  return { ledger, before, after, written };
}

function report(what: string, run: Run): number {
  const written = new Set(run.written);
  const lost = [...run.ledger.accepted].filter((id) => !written.has(id)).length;
  process.stderr.write(
    `sentinel failover ${what}: ${lost} of ${run.ledger.accepted.size} acknowledged leads lost ` +
      `(${run.before.size} acknowledged before the switch)\n`,
  );
  return lost;
}

describe('a Sentinel failover in the middle of a run', () => {
  const processes = new ProcessGroup();
  const dirs: string[] = [];
  const running: ({ stop(): Promise<void> } | { close(): Promise<void> })[] = [];
  const started = (stoppable: (typeof running)[number]) => void running.push(stoppable);

  afterEach(async () => {
    await processes.killAll();
    await Promise.all(
      running.splice(0).map((item) => ('stop' in item ? item.stop() : item.close())),
    );
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function newDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'leadbridge-sentinel-'));
    dirs.push(dir);
    return dir;
  }

  it(
    'without REDIS_WAIT_REPLICAS: ingest and delivery go on on the new master, every lead written at most once, and the run reports what the switch lost',
    async () => {
      const run = await failoverMidRun({
        processes,
        dir: newDir(),
        serverArgs: [],
        env: {},
        untilFollowed: false,
        // Leads written to the old master after the promotion are gone: do not wait for them.
        settle: (simulator, accepted) => awaitWrittenOrQuiet(simulator, accepted, 8_000, 60_000),
        started,
      });

      report('without REDIS_WAIT_REPLICAS', run);
      const written = new Set(run.written);
      expect(run.ledger.refused).toEqual([]);
      expect(run.written).toHaveLength(written.size);
      expect([...run.after].filter((id) => !written.has(id))).toEqual([]);
      expect(run.after.size).toBe(half);
    },
    (FULL ? 120_000 : 30_000) + 60_000,
  );

  it(
    'with REDIS_WAIT_REPLICAS=1 and min-replicas-to-write 1: no acknowledged lead is lost, each written exactly once',
    async () => {
      const run = await failoverMidRun({
        processes,
        dir: newDir(),
        serverArgs: ['--min-replicas-to-write', '1', '--min-replicas-max-lag', '10'],
        env: { REDIS_WAIT_REPLICAS: '1' },
        // The new master takes writes once the old one follows it; the API spools until then.
        untilFollowed: true,
        settle: (simulator, accepted) => awaitAllWritten(simulator, accepted, 60_000),
        started,
      });

      expect(report('with REDIS_WAIT_REPLICAS=1', run)).toBe(0);
      expect(run.ledger.refused).toEqual([]);
      expect(run.ledger.accepted.size).toBe(2 * half);
      expect(run.written).toHaveLength(2 * half);
      expect(new Set(run.written)).toEqual(run.ledger.accepted);
    },
    (FULL ? 120_000 : 45_000) + 60_000,
  );

  it('logs no secret and no personal data along the way', () => {
    expect(processes.logs.linesSeen).toBeGreaterThan(0);
    expect(processes.logs.leaks).toEqual([]);
  });
});
