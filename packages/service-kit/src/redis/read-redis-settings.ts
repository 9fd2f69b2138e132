import { ConfigError, envReader, type EnvReader } from '../config';
import { hashTagged } from './hash-tag';
import { parseRedisAddresses } from './redis-addresses';
import type { RedisSettings } from './redis-settings';
import { readRedisTls } from './redis-tls';
import { readRedisUrl } from './redis-url';

type Env = Readonly<Record<string, string | undefined>>;

const SENTINEL_PORT = 26379;
const REDIS_PORT = 6379;

/** A setting that only means something in another mode: set, it is a mistake to point out. */
function refuseUnless(read: EnvReader, names: readonly string[], applies: boolean, why: string) {
  if (applies) return;
  const stray = names.find((name) => read.raw(name) !== undefined);
  if (stray !== undefined) throw new ConfigError(stray, `is set but ${why}`);
}

/** `{ [key]: value }` for a variable that is set, nothing for one that is not. */
function optional<K extends string>(read: EnvReader, name: string, key: K) {
  const value = read.raw(name);
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;
}

function sentinelMaster(read: EnvReader): string {
  const name = read.raw('REDIS_SENTINEL_MASTER');
  if (name === undefined) {
    throw new ConfigError(
      'REDIS_SENTINEL_MASTER',
      'is required with REDIS_SENTINELS: the name the sentinels monitor the master under',
    );
  }
  return name;
}

/**
 * How every Leadbridge process reaches Redis, read once and frozen; throws a ConfigError naming
 * the variable at fault. The mode follows from what is set:
 *
 * - REDIS_SENTINELS (host:port list) and REDIS_SENTINEL_MASTER: Redis Sentinel;
 * - REDIS_CLUSTER_NODES (host:port list): Redis Cluster;
 * - otherwise REDIS_URL (default redis://127.0.0.1:6379), which either of the others replaces
 *   (Docker Compose passes its own Redis's URL whatever else is set).
 *
 * REDIS_PASSWORD is the password in every mode (in the URL's place when it carries none);
 * REDIS_TLS=true turns TLS on beside sentinels or nodes, as rediss:// does for a URL, and
 * REDIS_TLS_CA_FILE names the CA to check Redis's certificate against.
 */
export function readRedisSettings(env: Env): RedisSettings {
  const read = envReader(env);
  const sentinels = read.raw('REDIS_SENTINELS');
  const nodes = read.raw('REDIS_CLUSTER_NODES');
  if (sentinels !== undefined && nodes !== undefined) {
    throw new ConfigError(
      'REDIS_SENTINELS',
      'and REDIS_CLUSTER_NODES are both set: set the one that describes your Redis',
    );
  }
  const prefix = read.string('QUEUE_PREFIX', 'bull');
  const waitReplicas = read.int('REDIS_WAIT_REPLICAS', 0, { min: 0, max: 100 });
  refuseUnless(
    read,
    ['REDIS_SENTINEL_MASTER', 'REDIS_SENTINEL_PASSWORD'],
    sentinels !== undefined,
    'REDIS_SENTINELS is not',
  );

  if (sentinels === undefined && nodes === undefined) {
    if (read.bool('REDIS_TLS', false)) {
      throw new ConfigError(
        'REDIS_TLS',
        'applies to REDIS_SENTINELS and REDIS_CLUSTER_NODES: for REDIS_URL, write rediss:// to use TLS',
      );
    }
    const url = readRedisUrl(read);
    const parsed = new URL(url);
    const tls = readRedisTls(
      read,
      parsed.protocol === 'rediss:',
      parsed.hostname,
      'write REDIS_URL as rediss://',
    );
    return Object.freeze({
      mode: 'standalone',
      url,
      queuePrefix: prefix,
      waitReplicas,
      ...(tls ? { tls } : {}),
    });
  }

  const tlsOn = read.bool('REDIS_TLS', false);
  const enableHint = 'set REDIS_TLS=true';
  if (sentinels !== undefined) {
    const addresses = parseRedisAddresses('REDIS_SENTINELS', sentinels, SENTINEL_PORT);
    // The master's address comes from the sentinels: each connection checks its own.
    const tls = readRedisTls(read, tlsOn, undefined, enableHint);
    return Object.freeze({
      mode: 'sentinel',
      sentinels: Object.freeze(addresses),
      masterName: sentinelMaster(read),
      ...optional(read, 'REDIS_PASSWORD', 'password'),
      ...optional(read, 'REDIS_SENTINEL_PASSWORD', 'sentinelPassword'),
      queuePrefix: prefix,
      waitReplicas,
      ...(tls ? { tls } : {}),
    });
  }
  const addresses = parseRedisAddresses('REDIS_CLUSTER_NODES', nodes ?? '', REDIS_PORT);
  // Nodes announce each other by address; a managed cluster's certificate names its host.
  const tls = readRedisTls(read, tlsOn, addresses[0]?.host, enableHint);
  return Object.freeze({
    mode: 'cluster',
    nodes: Object.freeze(addresses),
    ...optional(read, 'REDIS_PASSWORD', 'password'),
    queuePrefix: hashTagged(prefix),
    waitReplicas,
    ...(tls ? { tls } : {}),
  });
}
