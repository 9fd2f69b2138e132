import type { ServiceProtectionLimits } from './fault-settings';

/** Dataverse's own window when a test gives a limit without one. */
const DEFAULT_WINDOW_SECONDS = 300;

export type Admission =
  | {
      admitted: true;
      /** Call once when the request has been answered (or cut): its execution time ends then. */
      release: () => void;
      remaining?: number;
    }
  | {
      admitted: false;
      limit: 'requests' | 'concurrent' | 'execution';
      retryAfterSeconds: number;
      message: string;
    };

type Refusal = Extract<Admission, { admitted: false }>;

/** A request that has ended: when, and how long it ran. */
interface Execution {
  endedAt: number;
  ms: number;
}

interface ClientUsage {
  admittedAt: number[];
  /** Ended requests, oldest first. */
  executions: Execution[];
  inFlight: number;
}

function secondsUntil(moment: number, now: number): number {
  return Math.max(1, Math.ceil((moment - now) / 1000));
}

/**
 * The service protection limits, per client as Dataverse applies them per user: a sliding window
 * of admitted requests, a sliding window of their combined execution time, and a count of
 * requests in flight. Only admitted requests count: a refused one costs nothing here.
 *
 * Dataverse evaluates the request count and execution time over the preceding 300 s and lets a
 * client go over before refusing, with the Retry-After its 429 carries; concurrency is refused at
 * once (learn.microsoft.com/power-apps/developer/data-platform/api-limits, "How service
 * protection API limits are enforced" and "Service protection API limit errors returned").
 */
export class ServiceProtection {
  private readonly usage = new Map<string, ClientUsage>();
  private readonly windowSeconds: number;

  constructor(private readonly limits: ServiceProtectionLimits) {
    this.windowSeconds = limits.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  }

  admit(client: string, now = Date.now()): Admission {
    const usage = this.usage.get(client) ?? { admittedAt: [], executions: [], inFlight: 0 };
    this.usage.set(client, usage);
    this.forgetBefore(usage, now - this.windowSeconds * 1000);

    const refusal =
      this.concurrencyRefusal(usage) ??
      this.requestRefusal(usage, now) ??
      this.executionRefusal(usage, now);
    if (refusal) return refusal;

    let remaining: number | undefined;
    if (this.limits.requests !== undefined) {
      usage.admittedAt.push(now);
      remaining = this.limits.requests - usage.admittedAt.length;
    }
    usage.inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      usage.inFlight -= 1;
      if (this.limits.executionMs === undefined) return;
      const endedAt = Date.now();
      usage.executions.push({ endedAt, ms: Math.max(0, endedAt - now) });
    };
    return remaining === undefined
      ? { admitted: true, release }
      : { admitted: true, release, remaining };
  }

  private forgetBefore(usage: ClientUsage, windowStart: number): void {
    while ((usage.admittedAt[0] ?? Infinity) <= windowStart) usage.admittedAt.shift();
    while ((usage.executions[0]?.endedAt ?? Infinity) <= windowStart) usage.executions.shift();
  }

  private concurrencyRefusal(usage: ClientUsage): Refusal | undefined {
    const { concurrent } = this.limits;
    if (concurrent === undefined || usage.inFlight < concurrent) return undefined;
    return {
      admitted: false,
      limit: 'concurrent',
      // Dataverse refuses these at once; a second is long enough for one in flight to finish.
      retryAfterSeconds: 1,
      message: `Number of concurrent requests exceeded the limit of ${concurrent}.`,
    };
  }

  private requestRefusal(usage: ClientUsage, now: number): Refusal | undefined {
    const { requests } = this.limits;
    const oldest = usage.admittedAt[0];
    if (requests === undefined || usage.admittedAt.length < requests || oldest === undefined) {
      return undefined;
    }
    return {
      admitted: false,
      limit: 'requests',
      // When the oldest admitted request leaves the window, a slot frees up.
      retryAfterSeconds: secondsUntil(oldest + this.windowSeconds * 1000, now),
      message:
        `Number of requests exceeded the limit of ${requests} over time window of ` +
        `${this.windowSeconds} seconds.`,
    };
  }

  private executionRefusal(usage: ClientUsage, now: number): Refusal | undefined {
    const { executionMs } = this.limits;
    if (executionMs === undefined) return undefined;
    let used = usage.executions.reduce((sum, execution) => sum + execution.ms, 0);
    if (used < executionMs) return undefined;
    // The budget is back under the limit once enough of the oldest executions leave the window.
    let freedAt = now;
    for (const execution of usage.executions) {
      used -= execution.ms;
      freedAt = execution.endedAt + this.windowSeconds * 1000;
      if (used < executionMs) break;
    }
    return {
      admitted: false,
      limit: 'execution',
      retryAfterSeconds: secondsUntil(freedAt, now),
      message:
        'Combined execution time of incoming requests exceeded limit of ' +
        `${executionMs.toLocaleString('en-US')} milliseconds over time window of ` +
        `${this.windowSeconds} seconds. Decrease number of concurrent requests or reduce the ` +
        'duration of requests and try again later.',
    };
  }
}
