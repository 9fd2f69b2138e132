import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import {
  createTestCertificates,
  freePort,
  startPrivateCluster,
  startPrivateRedis,
  type PrivateCluster,
  type PrivateRedis,
} from '@leadbridge/test-support';
import { runCli, type CliRun } from './run-cli';

// The built check, as `npm run check` starts it (build first: `npx tsc -p tsconfig.build.json`).
const CHECK_CLI = join(__dirname, '..', 'dist', 'check-cli.js');
const VERSION = String.raw`Redis \d+\.\d+\.\d+`;

jest.setTimeout(30_000);

let sim: Simulator;
let workDir: string;
const stoppable: (PrivateRedis | PrivateCluster)[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  workDir = await mkdtemp(join(tmpdir(), 'leadbridge-check-redis-'));
});
afterEach(async () => {
  await Promise.all(stoppable.splice(0).map((server) => server.stop()));
});
afterAll(async () => {
  await sim.close();
  await rm(workDir, { recursive: true, force: true });
});

/** The check against the simulator's org, with these Redis settings. */
function runCheck(redis: Record<string, string>): Promise<CliRun> {
  return runCli(CHECK_CLI, [], { cwd: workDir, env: { ...sim.env(), ...redis } });
}

/** The Redis section of the report: from its title to the end. */
function redisSection(run: CliRun): string[] {
  const lines = run.stdout.trimEnd().split('\n');
  return lines.slice(lines.indexOf('Leadbridge Redis check'));
}

describe('npm run check, on the Redis that holds the leads', () => {
  it('warns that a Redis without an append-only file and with an evicting policy would lose leads, and still exits 0', async () => {
    const redis = await startPrivateRedis(undefined, {
      args: ['--maxmemory-policy', 'allkeys-lru', '--maxmemory', '64mb'],
    });
    stoppable.push(redis);

    const run = await runCheck({ REDIS_URL: redis.url });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = redisSection(run);
    expect(lines[1]).toBe(`  Redis            ${redis.url}`);
    expect(lines[2]).toMatch(
      new RegExp(`^✓ Server {11}${VERSION}, master at 127\\.0\\.0\\.1:${redis.port}$`),
    );
    expect(lines.slice(3)).toEqual([
      '! Persistence      AOF off: a restart of Redis loses every lead it holds that no snapshot saved',
      '                   What to do: set appendonly yes with appendfsync always (or everysec); on Azure Cache for Redis, turn on AOF persistence (Premium tier).',
      '! Memory policy    maxmemory-policy allkeys-lru: when memory is full Redis deletes keys to make room, queued leads among them',
      '                   What to do: set maxmemory-policy noeviction: full, Redis refuses writes and the API keeps leads in its spool.',
      '✓ Replication      0 replicas connected, REDIS_WAIT_REPLICAS 0, min-replicas-to-write 0',
      '2 warnings: Redis can lose leads it acknowledged.',
    ]);
  });

  it('passes a Redis that syncs its append-only file on every write and never evicts', async () => {
    const dataDir = await mkdtemp(join(workDir, 'redis-'));
    const redis = await startPrivateRedis(undefined, { dataDir });
    stoppable.push(redis);

    const run = await runCheck({ REDIS_URL: redis.url });

    expect(run.code).toBe(0);
    expect(redisSection(run).slice(3)).toEqual([
      '✓ Persistence      AOF on, appendfsync always',
      '✓ Memory policy    maxmemory-policy noeviction, no maxmemory',
      '✓ Replication      0 replicas connected, REDIS_WAIT_REPLICAS 0, min-replicas-to-write 0',
      'Redis keeps every lead it acknowledges.',
    ]);
  });

  it('fails with what to do, and exits 1, when nothing answers where Redis should be', async () => {
    const port = await freePort();

    const run = await runCheck({ REDIS_URL: `redis://127.0.0.1:${port}` });

    expect(run.code).toBe(1);
    expect(redisSection(run).slice(2)).toEqual([
      `✗ Server           connect ECONNREFUSED 127.0.0.1:${port}`,
      '                   What to do: check that Redis runs and that REDIS_URL (or REDIS_SENTINELS, REDIS_CLUSTER_NODES) names it.',
      'Redis cannot be reached: no lead can be stored or delivered.',
    ]);
  });

  it('fails naming the certificate when TLS reaches Redis by a name its certificate does not carry', async () => {
    const certificates = await createTestCertificates(await mkdtemp(join(workDir, 'tls-')));
    const redis = await startPrivateRedis(undefined, { tls: certificates });
    stoppable.push(redis);

    const run = await runCheck({
      REDIS_URL: `rediss://127.0.0.1:${redis.port}`,
      REDIS_TLS_CA_FILE: certificates.caFile,
    });

    expect(run.code).toBe(1);
    const [, where, server, advice] = redisSection(run);
    expect(where).toBe(`  Redis            rediss://127.0.0.1:${redis.port}, TLS`);
    expect(server).toMatch(/^✗ Server {11}Hostname\/IP does not match certificate's altnames/);
    expect(advice).toMatch(
      /What to do: Redis's TLS certificate does not name the host connected to: connect by a name the certificate lists/,
    );
  });

  it('reads every master of a Redis Cluster, and warns that one without replicas has nothing to fail over to', async () => {
    const cluster = await startPrivateCluster(await mkdtemp(join(workDir, 'cluster-')));
    stoppable.push(cluster);

    const run = await runCheck(cluster.env);

    expect(run.code).toBe(0);
    const lines = redisSection(run);
    expect(lines[1]).toBe(
      `  Redis            Cluster via ${cluster.env.REDIS_CLUSTER_NODES.split(',').join(', ')}, keys under {bull}`,
    );
    expect(lines[2]).toMatch(new RegExp(`^✓ Server {11}${VERSION}, 3 masters$`));
    expect(lines).toContainEqual(
      expect.stringMatching(/^! Replication {6}0 replicas connected, .*no replica to fail over to/),
    );
  });
});
