/** One address of REDIS_SENTINELS or REDIS_CLUSTER_NODES. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/** TLS to Redis: on with a rediss:// REDIS_URL, or REDIS_TLS=true beside sentinels or nodes. */
export interface RedisTlsSettings {
  /**
   * The CA (PEM, from REDIS_TLS_CA_FILE) Redis's certificate must be signed by.
   * @defaultValue Node's own list of public CAs
   */
  readonly ca?: string;
  /**
   * The name Redis's certificate must carry: REDIS_URL's host, or the first cluster node's, when
   * it is a name rather than an address.
   * @defaultValue the address connected to, which the certificate must then list
   */
  readonly servername?: string;
}

interface CommonRedisSettings {
  /**
   * The prefix of every key Leadbridge keeps: QUEUE_PREFIX, and in cluster mode that prefix in
   * braces (`{bull}`), a hash tag that puts every key in one slot, as BullMQ's scripts and
   * Leadbridge's own need. @defaultValue 'bull'
   */
  readonly queuePrefix: string;
  /** Absent when TLS is off. */
  readonly tls?: RedisTlsSettings;
  /**
   * REDIS_WAIT_REPLICAS: replicas that must confirm a lead (Redis WAIT) before the API
   * acknowledges it; otherwise it is kept in the spool. @defaultValue 0
   */
  readonly waitReplicas: number;
}

/** One Redis server (or a service that fails over behind one address): REDIS_URL. */
export interface StandaloneRedisSettings extends CommonRedisSettings {
  readonly mode: 'standalone';
  /** REDIS_URL, with REDIS_PASSWORD in it when it carries none. */
  readonly url: string;
}

/** A master and its replicas watched by Redis Sentinel: REDIS_SENTINELS, REDIS_SENTINEL_MASTER. */
export interface SentinelRedisSettings extends CommonRedisSettings {
  readonly mode: 'sentinel';
  readonly sentinels: readonly RedisAddress[];
  /** The name the sentinels monitor the master under (`sentinel monitor <name> …`). */
  readonly masterName: string;
  /** REDIS_PASSWORD: the master's and replicas' password. */
  readonly password?: string;
  /** REDIS_SENTINEL_PASSWORD: the sentinels' own password, when they ask for one. */
  readonly sentinelPassword?: string;
}

/** A Redis Cluster: REDIS_CLUSTER_NODES, any of its nodes (the others are discovered). */
export interface ClusterRedisSettings extends CommonRedisSettings {
  readonly mode: 'cluster';
  readonly nodes: readonly RedisAddress[];
  /** REDIS_PASSWORD: every node's password. */
  readonly password?: string;
}

/** How to reach Redis, read once from the environment (see readRedisSettings). */
export type RedisSettings = StandaloneRedisSettings | SentinelRedisSettings | ClusterRedisSettings;

export type RedisMode = RedisSettings['mode'];
