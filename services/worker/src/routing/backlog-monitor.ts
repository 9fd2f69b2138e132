import type { Logger } from '@leadbridge/service-kit';
import type { Queue } from 'bullmq';
import type { Alert } from '../alerts/alert';

export interface BacklogMonitorOptions {
  /** Each destination's queue, by destination name. */
  queues: ReadonlyMap<string, Queue>;
  /** Leads waiting (due or scheduled for a retry) above which the operator is told. */
  threshold: number;
  raise(alert: Omit<Alert, 'at'>): void;
  logger: Logger;
  /** @defaultValue 30000 */
  intervalMs?: number;
}

// Leads not yet delivered: due now, or waiting for a retry or for the rate limit.
const WAITING_STATES = ['waiting', 'delayed', 'prioritized'] as const;

/**
 * Looks at each destination's queue now and then and raises a `backlog` alert when more leads
 * wait than the threshold: a destination down for long, or a rate limit set too low. The
 * alerter turns repeated checks of one backlog into one alert per quiet window.
 */
export function startBacklogMonitor(options: BacklogMonitorOptions): { stop(): void } {
  const check = async () => {
    for (const [destination, queue] of options.queues) {
      const counts = await queue.getJobCounts(...WAITING_STATES);
      const waiting = WAITING_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
      if (waiting > options.threshold) {
        options.raise({
          kind: 'backlog',
          destination,
          count: waiting,
          reason: `more leads are waiting than the alert threshold of ${options.threshold}`,
        });
      }
    }
  };
  const timer = setInterval(() => {
    check().catch((error: unknown) =>
      options.logger.warn('backlog check failed', { error: (error as Error).message }),
    );
  }, options.intervalMs ?? 30_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
