interface Waiter {
  count: number;
  resolve(): void;
}

/** Lets tests await "at least N things arrived" for a list a server fills as requests come in. */
export interface CountWaiter {
  /** Call after the list grew. */
  changed(): void;
  /** Resolves once the list holds `count` items; rejects after `timeoutMs`, naming `what`. */
  waitFor(count: number, timeoutMs: number, what: string): Promise<void>;
}

export function waitForCount(current: () => number): CountWaiter {
  let waiters: Waiter[] = [];
  return {
    changed() {
      const ready = waiters.filter((waiter) => current() >= waiter.count);
      waiters = waiters.filter((waiter) => current() < waiter.count);
      for (const waiter of ready) waiter.resolve();
    },
    waitFor(count, timeoutMs, what) {
      if (current() >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== entry);
          reject(new Error(`expected ${count} ${what} within ${timeoutMs} ms, got ${current()}`));
        }, timeoutMs);
        const entry: Waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        waiters.push(entry);
      });
    },
  };
}
