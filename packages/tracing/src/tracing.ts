import type { Telemetry } from 'bullmq';

/** Traces as started for one process. */
export interface Tracing {
  /** BullMQ's `telemetry` option for every queue and worker; undefined when traces are off. */
  readonly bullmq: Telemetry | undefined;
  /** Sends the spans still buffered, then stops; resolves at once when traces are off. */
  shutdown(): Promise<void>;
}
