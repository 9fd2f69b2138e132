import { ConfigError } from '../config';
import type { RedisAddress } from './redis-settings';

// `host:port`, `host` or `[v6 address]:port`. Bounded quantifiers: the value is the operator's,
// but every pattern in the source is held to being linear.
const NAMED = /^([A-Za-z0-9_.-]{1,253})(?::(\d{1,5}))?$/;
const BRACKETED = /^\[([0-9A-Fa-f:.]{2,45})\](?::(\d{1,5}))?$/;

/**
 * The comma-separated addresses of `variable` (REDIS_SENTINELS, REDIS_CLUSTER_NODES); a port
 * left out is `defaultPort`. Throws a ConfigError naming the variable and the entry it cannot read.
 */
export function parseRedisAddresses(
  variable: string,
  value: string,
  defaultPort: number,
): RedisAddress[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new ConfigError(variable, 'names no host:port');
  return entries.map((entry) => {
    const match = NAMED.exec(entry) ?? BRACKETED.exec(entry);
    const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
    if (!match?.[1] || port < 1 || port > 65535) {
      throw new ConfigError(
        variable,
        `must list host:port entries separated by commas, got "${entry.slice(0, 100)}"`,
      );
    }
    return Object.freeze({ host: match[1], port });
  });
}
