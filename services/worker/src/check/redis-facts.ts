import type { Redis } from 'ioredis';

/** What one Redis server says of itself that decides whether it keeps leads. */
export interface RedisServerFacts {
  /** host:port, as the connection reached it. */
  address: string;
  version: string;
  /** `master` or `slave`. */
  role: string;
  aofEnabled: boolean;
  /** `always`, `everysec` or `no`; absent where CONFIG is disabled (Azure Cache for Redis). */
  appendfsync?: string;
  maxmemoryPolicy: string;
  /** Bytes; 0 is no limit. */
  maxmemory: number;
  connectedReplicas: number;
  /** The master's min-replicas-to-write; absent where CONFIG is disabled. */
  minReplicasToWrite?: number;
}

/** INFO's `key:value` lines as a map. */
function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#'))
      fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/** One CONFIG GET, or undefined where the server refuses CONFIG (managed services rename it). */
async function configValue(server: Redis, name: string): Promise<string | undefined> {
  try {
    const [, value]: unknown[] = await server.config('GET', name);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the server's version, persistence, memory policy and replication. INFO answers on every
 * Redis, managed ones included; CONFIG, for what INFO does not say, may be refused.
 */
export async function readServerFacts(server: Redis): Promise<RedisServerFacts> {
  const info = parseInfo(await server.info());
  const [appendfsync, minReplicas] = await Promise.all([
    configValue(server, 'appendfsync'),
    configValue(server, 'min-replicas-to-write'),
  ]);
  return {
    // Where the socket went: through the sentinels it is the master they named.
    address: `${server.stream.remoteAddress ?? server.options.host}:${server.stream.remotePort ?? server.options.port}`,
    version: info.get('redis_version') ?? 'unknown',
    role: info.get('role') ?? 'unknown',
    aofEnabled: info.get('aof_enabled') === '1',
    ...(appendfsync !== undefined ? { appendfsync } : {}),
    maxmemoryPolicy: info.get('maxmemory_policy') ?? 'unknown',
    maxmemory: Number(info.get('maxmemory') ?? 0),
    connectedReplicas: Number(info.get('connected_slaves') ?? 0),
    ...(minReplicas !== undefined ? { minReplicasToWrite: Number(minReplicas) } : {}),
  };
}
