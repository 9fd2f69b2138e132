import type { ServiceProtectionLimits } from './fault-settings';

/** Dataverse's own window when a test gives a request limit without one. */
const DEFAULT_WINDOW_SECONDS = 300;

export type Admission =
  | { admitted: true; release: () => void; remaining?: number }
  | {
      admitted: false;
      limit: 'requests' | 'concurrent';
      retryAfterSeconds: number;
      message: string;
    };

interface ClientUsage {
  admittedAt: number[];
  inFlight: number;
}

/**
 * The service protection limits, per client as Dataverse applies them per user: a sliding window
 * of admitted requests and a count of requests in flight. Only admitted requests count: a refused
 * one costs nothing here.
 */
export class ServiceProtection {
  private readonly usage = new Map<string, ClientUsage>();

  constructor(private readonly limits: ServiceProtectionLimits) {}

  admit(client: string, now = Date.now()): Admission {
    const usage = this.usage.get(client) ?? { admittedAt: [], inFlight: 0 };
    this.usage.set(client, usage);
    const { requests, concurrent } = this.limits;
    const windowSeconds = this.limits.windowSeconds ?? DEFAULT_WINDOW_SECONDS;

    if (concurrent !== undefined && usage.inFlight >= concurrent) {
      return {
        admitted: false,
        limit: 'concurrent',
        // Dataverse refuses these at once; a second is long enough for one in flight to finish.
        retryAfterSeconds: 1,
        message: `Number of concurrent requests exceeded the limit of ${concurrent}.`,
      };
    }
    let remaining: number | undefined;
    if (requests !== undefined) {
      const windowMs = windowSeconds * 1000;
      while (usage.admittedAt.length > 0 && (usage.admittedAt[0] ?? 0) <= now - windowMs) {
        usage.admittedAt.shift();
      }
      const oldest = usage.admittedAt[0];
      if (usage.admittedAt.length >= requests && oldest !== undefined) {
        return {
          admitted: false,
          limit: 'requests',
          // When the oldest admitted request leaves the window, a slot frees up.
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
          message:
            `Number of requests exceeded the limit of ${requests} over time window of ` +
            `${windowSeconds} seconds.`,
        };
      }
      usage.admittedAt.push(now);
      remaining = requests - usage.admittedAt.length;
    }
    usage.inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      usage.inFlight -= 1;
    };
    return remaining === undefined
      ? { admitted: true, release }
      : { admitted: true, release, remaining };
  }
}
