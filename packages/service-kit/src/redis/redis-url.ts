import type { EnvReader } from '../config';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The Redis to connect to: `REDIS_URL` (default `redis://127.0.0.1:6379`), with `REDIS_PASSWORD`
 * as its password when the URL carries none. A password kept apart, as docker-compose.yml keeps
 * its Redis's, needs no URL encoding by hand and reaches every connection made from the URL.
 * Throws a ConfigError naming REDIS_URL when it is not a redis:// or rediss:// URL.
 */
export function readRedisUrl(read: EnvReader): string {
  const url = read.url('REDIS_URL', DEFAULT_REDIS_URL, ['redis:', 'rediss:']);
  const password = read.raw('REDIS_PASSWORD');
  const parsed = new URL(url);
  if (password === undefined || parsed.password !== '') return url;
  // ioredis decodes the userinfo; encoding every reserved character keeps `@`, `#`, `/` and `%`
  // in the password from ending the userinfo early or being read as an escape.
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
