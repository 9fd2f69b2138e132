import { maskUrl } from '../mask-url';
import type { RedisAddress, RedisSettings } from './redis-settings';

function listed(addresses: readonly RedisAddress[]): string {
  return addresses
    .map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`)
    .join(', ');
}

/**
 * Where the settings lead, in one line fit for a log or the check's report: the mode, the
 * addresses and whether TLS is on; never a password.
 */
export function describeRedis(settings: RedisSettings): string {
  const tls = settings.tls ? ', TLS' : '';
  switch (settings.mode) {
    case 'standalone':
      return `${maskUrl(settings.url)}${tls}`;
    case 'sentinel':
      return `Sentinel master "${settings.masterName}" via ${listed(settings.sentinels)}${tls}`;
    case 'cluster':
      return `Cluster via ${listed(settings.nodes)}${tls}, keys under ${settings.queuePrefix}`;
  }
}
