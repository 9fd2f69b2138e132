import type { DestinationJobData, LeadJobData } from '@leadbridge/lead-model';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  /** Leads received, by what the API answered. */
  leadsReceived: Counter<'outcome'>;
  ingestDuration: Histogram<'outcome'>;
  /** Counts one answer to POST /leads under its outcome and observes how long it took. */
  recordIngest(outcome: string, seconds: number): void;
}

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'completed',
  'failed',
  'prioritized',
] as const;

/**
 * The API's Prometheus metrics, in a registry of its own (tests build several apps in one
 * process). Queue depth is read from Redis when scraped, so it is right whoever changed it.
 */
export function createApiMetrics(
  queue: Queue<LeadJobData>,
  destinationQueues: readonly Queue<DestinationJobData>[] = [],
): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const leadsReceived = new Counter({
    name: 'leadbridge_leads_received_total',
    help: 'Leads received on POST /leads, by outcome (accepted, duplicate, invalid, unauthorized, …).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const ingestDuration = new Histogram({
    name: 'leadbridge_ingest_duration_seconds',
    help: 'Time from request to answer on POST /leads.',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'leadbridge_queue_jobs',
    help: 'Leads in each queue (the lead queue, and one per destination), by state.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const item of [queue, ...destinationQueues]) {
        const counts = await item.getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) this.set({ queue: item.name, state }, counts[state] ?? 0);
      }
    },
  });
  // The outcomes are a handful of fixed words: each one's labelled children are looked up once,
  // not by hashing a label object on every request.
  const children = new Map<
    string,
    { count: Counter.Internal; time: Histogram.Internal<'outcome'> }
  >();
  function recordIngest(outcome: string, seconds: number): void {
    let child = children.get(outcome);
    if (!child) {
      child = { count: leadsReceived.labels(outcome), time: ingestDuration.labels(outcome) };
      children.set(outcome, child);
    }
    child.count.inc();
    child.time.observe(seconds);
  }
  return { registry, leadsReceived, ingestDuration, recordIngest };
}

/** The spool's depth, read when scraped. */
export function addSpoolMetric(metrics: ApiMetrics, depth: () => number): void {
  new Gauge({
    name: 'leadbridge_spool_leads',
    help: 'Leads on local disk waiting for Redis to come back.',
    registers: [metrics.registry],
    collect() {
      this.set(depth());
    },
  });
}

/** The outcome label for an answer to POST /leads. */
export function ingestOutcome(status: number, stored: string | undefined): string {
  if (stored) return stored;
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'unauthorized';
    case 413:
      return 'too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return 'error';
  }
}
