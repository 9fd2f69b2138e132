/** Express's `trust proxy`: which proxies' X-Forwarded-For is believed. */
export type TrustProxy = boolean | number | string;

/** `true`/`false`, a number of hops, or comma-separated addresses / subnets / `loopback`. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
