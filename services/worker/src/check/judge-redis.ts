import type { RedisSettings } from '@leadbridge/service-kit';
import type { RedisServerFacts } from './redis-facts';

export type RedisFindingName = 'connection' | 'persistence' | 'memory' | 'replication';

/**
 * One line of the Redis report. A warning is a setting under which Redis can lose leads it
 * acknowledged; Leadbridge runs, and the operator decides.
 */
export type RedisFinding =
  | { name: RedisFindingName; status: 'passed'; detail: string }
  | { name: RedisFindingName; status: 'warning' | 'failed'; detail: string; remedy: string };

// BullMQ's scripts use commands of Redis 6.2.
const MIN_VERSION = [6, 2];

function olderThan(version: string, [major = 0, minor = 0]: readonly number[]): boolean {
  const [vMajor = 0, vMinor = 0] = version.split('.').map(Number);
  return vMajor < major || (vMajor === major && vMinor < minor);
}

/** ` on 127.0.0.1:7000, 127.0.0.1:7001` when only some servers of several are concerned. */
function on(concerned: readonly RedisServerFacts[], all: readonly RedisServerFacts[]): string {
  return all.length > 1 ? ` on ${concerned.map(({ address }) => address).join(', ')}` : '';
}

function connection(settings: RedisSettings, servers: readonly RedisServerFacts[]): RedisFinding {
  const versions = [...new Set(servers.map(({ version }) => version))].join(', ');
  const [first] = servers;
  const where =
    settings.mode === 'cluster'
      ? `${servers.length} masters`
      : `${first?.role ?? 'unknown'} at ${first?.address ?? 'unknown'}`;
  const detail = `Redis ${versions}, ${where}`;
  const old = servers.filter(({ version }) => olderThan(version, MIN_VERSION));
  if (old.length === 0) return { name: 'connection', status: 'passed', detail };
  return {
    name: 'connection',
    status: 'warning',
    detail: `${detail}: Leadbridge's queue needs Redis 6.2 or later`,
    remedy: 'upgrade Redis to 6.2 or later',
  };
}

function persistence(servers: readonly RedisServerFacts[]): RedisFinding {
  const withoutAof = servers.filter(({ aofEnabled }) => !aofEnabled);
  if (withoutAof.length > 0) {
    return {
      name: 'persistence',
      status: 'warning',
      detail: `AOF off${on(withoutAof, servers)}: a restart of Redis loses every lead it holds that no snapshot saved`,
      remedy:
        'set appendonly yes with appendfsync always (or everysec); on Azure Cache for Redis, turn on AOF persistence (Premium tier)',
    };
  }
  const fsyncs = new Set(servers.map(({ appendfsync }) => appendfsync ?? 'unknown'));
  if (fsyncs.has('no')) {
    return {
      name: 'persistence',
      status: 'warning',
      detail:
        'AOF on, appendfsync no: the system writes it to disk when it likes, so a crash of the machine can lose the last 30 s of leads',
      remedy: 'set appendfsync always (or everysec)',
    };
  }
  const detail = fsyncs.has('everysec')
    ? 'AOF on, appendfsync everysec: a crash of the machine can lose the last second of leads'
    : fsyncs.has('unknown')
      ? 'AOF on (appendfsync not readable: CONFIG is disabled on this Redis)'
      : 'AOF on, appendfsync always';
  return { name: 'persistence', status: 'passed', detail };
}

function megabytes(bytes: number): string {
  return bytes === 0 ? 'no maxmemory' : `maxmemory ${Math.round(bytes / 1024 / 1024)} MB`;
}

function memory(servers: readonly RedisServerFacts[]): RedisFinding {
  const evicting = servers.filter(({ maxmemoryPolicy }) => maxmemoryPolicy !== 'noeviction');
  const [first] = evicting;
  if (!first) {
    const limit = megabytes(Math.min(...servers.map(({ maxmemory }) => maxmemory)));
    return { name: 'memory', status: 'passed', detail: `maxmemory-policy noeviction, ${limit}` };
  }
  return {
    name: 'memory',
    status: 'warning',
    detail: `maxmemory-policy ${first.maxmemoryPolicy}${on(evicting, servers)}: when memory is full Redis deletes keys to make room, queued leads among them`,
    remedy:
      'set maxmemory-policy noeviction: full, Redis refuses writes and the API keeps leads in its spool',
  };
}

function replication(settings: RedisSettings, servers: readonly RedisServerFacts[]): RedisFinding {
  const replicas = Math.min(...servers.map(({ connectedReplicas }) => connectedReplicas));
  const wanted = settings.waitReplicas;
  const [first] = servers;
  const minToWrite =
    first?.minReplicasToWrite === undefined
      ? ''
      : `, min-replicas-to-write ${first.minReplicasToWrite}`;
  const detail = `${replicas === 1 ? '1 replica' : `${replicas} replicas`} connected, REDIS_WAIT_REPLICAS ${wanted}${minToWrite}`;
  if (wanted > replicas) {
    return {
      name: 'replication',
      status: 'warning',
      detail: `${detail}: the API keeps every lead in its spool until ${wanted} replicas confirm it`,
      remedy: 'bring the replicas back, or lower REDIS_WAIT_REPLICAS',
    };
  }
  if (settings.mode !== 'standalone' && replicas === 0) {
    return {
      name: 'replication',
      status: 'warning',
      detail: `${detail}: a master that fails has no replica to fail over to, and its leads wait for it (or are lost with its disk)`,
      remedy: 'give each master a replica',
    };
  }
  if (settings.mode !== 'standalone' && wanted === 0) {
    return {
      name: 'replication',
      status: 'warning',
      detail: `${detail}: a failover can lose the leads acknowledged just before it`,
      remedy: 'set REDIS_WAIT_REPLICAS=1 for the API, and min-replicas-to-write 1 on the master',
    };
  }
  return { name: 'replication', status: 'passed', detail };
}

/**
 * What the servers' settings mean for the leads they hold: the version, the append-only file,
 * the memory policy and the replicas REDIS_WAIT_REPLICAS counts on. Every server is judged; a
 * Cluster's masters each hold some leads.
 */
export function judgeRedis(
  settings: RedisSettings,
  servers: readonly RedisServerFacts[],
): RedisFinding[] {
  return [
    connection(settings, servers),
    persistence(servers),
    memory(servers),
    replication(settings, servers),
  ];
}
