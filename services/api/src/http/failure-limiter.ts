/**
 * Counts failed secret checks per client address in fixed one-minute windows. Memory is bounded:
 * past `maxAddresses` the oldest address is forgotten first.
 */
export interface FailureLimiter {
  /** Records a failure; returns the seconds to wait when the address is over its limit. */
  fail(address: string, now?: number): number | undefined;
  /** The seconds to wait when the address is already over its limit; counts nothing. */
  blockedFor(address: string, now?: number): number | undefined;
}

export function createFailureLimiter(options: {
  /** Failures allowed per address per window. @defaultValue 20 */
  maxFailures?: number;
  /** @defaultValue 60000 */
  windowMs?: number;
  /** @defaultValue 10000 */
  maxAddresses?: number;
}): FailureLimiter {
  const maxFailures = options.maxFailures ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const windows = new Map<string, { startedAt: number; failures: number }>();
  const waitSeconds = (entry: { startedAt: number; failures: number }, now: number) =>
    entry.failures <= maxFailures || now - entry.startedAt >= windowMs
      ? undefined
      : Math.max(1, Math.ceil((entry.startedAt + windowMs - now) / 1000));
  return {
    fail(address, now = Date.now()) {
      let entry = windows.get(address);
      if (!entry || now - entry.startedAt >= windowMs) {
        windows.delete(address);
        if (windows.size >= maxAddresses) windows.delete(windows.keys().next().value as string);
        entry = { startedAt: now, failures: 0 };
        windows.set(address, entry);
      }
      entry.failures++;
      return waitSeconds(entry, now);
    },
    blockedFor(address, now = Date.now()) {
      const entry = windows.get(address);
      return entry && waitSeconds(entry, now);
    },
  };
}
