import {
  NO_FAULTS,
  type FaultSettings,
  type FaultUpdate,
  type OutageFault,
} from './fault-settings';
import { parseFaultUpdate } from './parse-fault-update';
import { ServiceProtection } from './service-protection';

/**
 * The faults in force and their counters. The gate asks it, request by request, what to do;
 * the one-shot faults (outage by count, throttle, dropped writes) count themselves down here.
 */
export class FaultController {
  private settings: FaultSettings = { ...NO_FAULTS };
  private protection: ServiceProtection | null = null;

  constructor(private readonly random: () => number = Math.random) {}

  /** Applies a partial update (checked first; a bad one changes nothing) and returns the result. */
  set(update: FaultUpdate, now = Date.now()): FaultSettings {
    const checked = parseFaultUpdate(update);
    const { outage, ...rest } = checked;
    const next: FaultSettings = { ...this.settings, ...rest };
    if (outage !== undefined) next.outage = outage === null ? null : this.outageFrom(outage, now);
    if (checked.serviceProtection !== undefined) {
      // New limits start from a clean slate, as if the window had just opened.
      this.protection = checked.serviceProtection
        ? new ServiceProtection(checked.serviceProtection)
        : null;
    }
    this.settings = next;
    return this.get();
  }

  reset(): void {
    this.settings = { ...NO_FAULTS };
    this.protection = null;
  }

  /** A copy of the faults in force, counters as they stand. */
  get(): FaultSettings {
    return structuredClone(this.settings);
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  get denyPrivilege(): boolean {
    return this.settings.denyPrivilege;
  }

  get appUserMissing(): boolean {
    return this.settings.appUserMissing;
  }

  get pluginRefuses(): boolean {
    return this.settings.pluginRefuses;
  }

  get recordWriteMs(): number {
    return this.settings.recordWriteMs;
  }

  get createMultipleUnavailable(): boolean {
    return this.settings.createMultipleUnavailable;
  }

  get serviceProtection(): ServiceProtection | null {
    return this.protection;
  }

  /** The status an injected failure answers with, or undefined to go on. Counts the outage down. */
  takeFailure(now = Date.now()): number | undefined {
    const outage = this.settings.outage;
    if (outage) {
      const expired = outage.untilMs !== undefined && now >= outage.untilMs;
      if (!expired) {
        if (outage.remaining !== undefined) {
          outage.remaining -= 1;
          if (outage.remaining <= 0) this.settings.outage = null;
        }
        return outage.status;
      }
      this.settings.outage = null;
    }
    if (this.settings.failureRate > 0 && this.random() < this.settings.failureRate) {
      return this.settings.failureStatus;
    }
    return undefined;
  }

  /** The Retry-After header when this request is one of the throttled ones, else undefined. */
  takeThrottle(now = Date.now()): string | undefined {
    const throttle = this.settings.throttle;
    if (!throttle) return undefined;
    throttle.remaining -= 1;
    if (throttle.remaining <= 0) this.settings.throttle = null;
    if (!throttle.asHttpDate) return String(throttle.retryAfterSeconds);
    return new Date(now + throttle.retryAfterSeconds * 1000).toUTCString();
  }

  /** True when this successful write's answer is to be dropped. */
  takeDropAfterWrite(): boolean {
    if (this.settings.dropAfterWrite <= 0) return false;
    this.settings.dropAfterWrite -= 1;
    return true;
  }

  private outageFrom(outage: NonNullable<FaultUpdate['outage']>, now: number): OutageFault {
    const result: OutageFault = { status: outage.status ?? 503 };
    const untilMs = outage.durationMs !== undefined ? now + outage.durationMs : outage.untilMs;
    if (untilMs !== undefined) result.untilMs = untilMs;
    if (outage.remaining !== undefined) result.remaining = outage.remaining;
    return result;
  }
}
