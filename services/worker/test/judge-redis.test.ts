import { readRedisSettings } from '@leadbridge/service-kit';
import { judgeRedis } from '../src/check/judge-redis';
import type { RedisServerFacts } from '../src/check/redis-facts';

/** A server that keeps every lead: AOF synced on each write, no eviction, one replica. */
const SAFE: RedisServerFacts = {
  address: '10.0.0.1:6379',
  version: '7.0.15',
  role: 'master',
  aofEnabled: true,
  appendfsync: 'always',
  maxmemoryPolicy: 'noeviction',
  maxmemory: 256 * 1024 * 1024,
  connectedReplicas: 1,
  minReplicasToWrite: 1,
};

const standalone = readRedisSettings({});
const sentinel = (wait: string) =>
  readRedisSettings({
    REDIS_SENTINELS: 's1,s2,s3',
    REDIS_SENTINEL_MASTER: 'leadbridge',
    REDIS_WAIT_REPLICAS: wait,
  });

function finding(facts: Partial<RedisServerFacts>, settings = standalone, name = 'persistence') {
  return judgeRedis(settings, [{ ...SAFE, ...facts }]).find((item) => item.name === name);
}

describe('what the check says of a Redis', () => {
  it('passes one that syncs its append-only file on each write and never evicts', () => {
    const findings = judgeRedis(standalone, [SAFE]);

    expect(findings.map(({ status }) => status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(findings.map(({ detail }) => detail)).toEqual([
      'Redis 7.0.15, master at 10.0.0.1:6379',
      'AOF on, appendfsync always',
      'maxmemory-policy noeviction, maxmemory 256 MB',
      '1 replica connected, REDIS_WAIT_REPLICAS 0, min-replicas-to-write 1',
    ]);
  });

  const { appendfsync: _unreadable, ...withoutFsync } = SAFE;

  it.each([
    [
      'off',
      { ...SAFE, aofEnabled: false },
      'warning',
      /^AOF off: a restart of Redis loses every lead/,
    ],
    [
      'synced by the system',
      { ...SAFE, appendfsync: 'no' },
      'warning',
      /^AOF on, appendfsync no: .* last 30 s of leads$/,
    ],
    [
      'synced every second',
      { ...SAFE, appendfsync: 'everysec' },
      'passed',
      /can lose the last second of leads$/,
    ],
    ['behind a disabled CONFIG', withoutFsync, 'passed', /CONFIG is disabled on this Redis\)$/],
  ])('judges an append-only file %s', (_case, server: RedisServerFacts, status, detail) => {
    const persistence = judgeRedis(standalone, [server]).find(({ name }) => name === 'persistence');

    expect(persistence).toMatchObject({ status, detail: expect.stringMatching(detail) });
  });

  it('warns of an evicting policy: a full Redis would delete queued leads', () => {
    expect(finding({ maxmemoryPolicy: 'allkeys-lru' }, standalone, 'memory')).toEqual({
      name: 'memory',
      status: 'warning',
      detail:
        'maxmemory-policy allkeys-lru: when memory is full Redis deletes keys to make room, queued leads among them',
      remedy:
        'set maxmemory-policy noeviction: full, Redis refuses writes and the API keeps leads in its spool',
    });
  });

  it('names the masters of a cluster that would lose leads, and only those', () => {
    const cluster = readRedisSettings({ REDIS_CLUSTER_NODES: 'a:7000' });
    const servers = [
      { ...SAFE, address: '10.0.0.1:7000' },
      { ...SAFE, address: '10.0.0.2:7000', aofEnabled: false },
    ];

    const [server, persistence] = judgeRedis(cluster, servers);

    expect(server?.detail).toBe('Redis 7.0.15, 2 masters');
    expect(persistence?.detail).toMatch(/^AOF off on 10\.0\.0\.2:7000: /);
  });

  it('warns of a Redis older than 6.2, whose commands the queue needs', () => {
    expect(finding({ version: '6.0.16' }, standalone, 'connection')?.status).toBe('warning');
  });

  it.each([
    ['Sentinel without REDIS_WAIT_REPLICAS', sentinel('0'), 1, 'warning', /a failover can lose/],
    ['Sentinel with REDIS_WAIT_REPLICAS=1', sentinel('1'), 1, 'passed', /REDIS_WAIT_REPLICAS 1/],
    [
      'more replicas waited for than connected',
      sentinel('2'),
      1,
      'warning',
      /keeps every lead in its spool/,
    ],
    ['Sentinel with no replica', sentinel('0'), 0, 'warning', /no replica to fail over to/],
    ['one Redis without replicas', standalone, 0, 'passed', /^0 replicas connected/],
  ])('judges replication: %s', (_case, settings, replicas, status, detail) => {
    expect(finding({ connectedReplicas: replicas }, settings, 'replication')).toMatchObject({
      status,
      detail: expect.stringMatching(detail),
    });
  });
});
