import type { Context } from '@opentelemetry/api';
import {
  SpanKind,
  TelemetryAttributes,
  type Attributes,
  type Exception,
  type Span,
  type SpanOptions,
  type Telemetry,
} from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';

/**
 * BullMQ's spans worth a trace: the job added (producer) and the job processed (consumer). They
 * carry the lead's trace from the API through the routing job to each delivery job, in the job's
 * own telemetry metadata. BullMQ's internal spans (fetching the next job, stalled-job checks,
 * moving a job between lists) are not recorded: each idle fetch would otherwise start a trace of
 * its own every few seconds, per queue, for nothing a person looks for.
 */
const RECORDED_KINDS: ReadonlySet<SpanKind> = new Set([SpanKind.PRODUCER, SpanKind.CONSUMER]);

/**
 * The attributes BullMQ may set that are kept: names, ids and counts. Left out are the texts it
 * copies in (a job's return value, a failure's message), which can quote what a destination
 * answered about the lead, and the job options and keys, which say nothing a trace needs.
 */
const KEPT_ATTRIBUTES: ReadonlySet<string> = new Set([
  TelemetryAttributes.QueueName,
  TelemetryAttributes.QueueOperation,
  TelemetryAttributes.JobName,
  TelemetryAttributes.JobId,
  TelemetryAttributes.JobAttemptsMade,
  TelemetryAttributes.JobAttemptFinishedTimestamp,
  TelemetryAttributes.JobProcessedTimestamp,
  TelemetryAttributes.WorkerId,
  TelemetryAttributes.WorkerName,
  TelemetryAttributes.BulkCount,
]);

function kept(attributes: Attributes | undefined): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (KEPT_ATTRIBUTES.has(key)) out[key] = value;
  }
  return out;
}

/** An exception by its class only; a bare message (BullMQ passes some) is not recorded. */
function typeOnly(exception: Exception): Exception | undefined {
  return typeof exception === 'object' && exception.name ? { name: exception.name } : undefined;
}

/** A span BullMQ writes to, passed on to OpenTelemetry with only what may leave the process. */
class KeptSpan implements Span<Context> {
  constructor(private readonly inner: Span<Context>) {}
  setSpanOnContext(ctx: Context): Context {
    return this.inner.setSpanOnContext(ctx);
  }
  setAttribute(key: string, value: Attributes[string]): void {
    if (KEPT_ATTRIBUTES.has(key) && value !== undefined) this.inner.setAttribute(key, value);
  }
  setAttributes(attributes: Attributes): void {
    this.inner.setAttributes(kept(attributes));
  }
  addEvent(name: string, attributes?: Attributes): void {
    this.inner.addEvent(name, kept(attributes));
  }
  recordException(exception: Exception): void {
    const type = typeOnly(exception);
    if (type) this.inner.recordException(type);
  }
  end(): void {
    this.inner.end();
  }
}

/**
 * A span that is not recorded. It leaves the context as it found it, so what BullMQ propagates
 * from inside it (a retried job's metadata) is the enclosing recorded span.
 */
const UNRECORDED: Span<Context> = {
  setSpanOnContext: (ctx) => ctx,
  setAttribute: () => undefined,
  setAttributes: () => undefined,
  addEvent: () => undefined,
  recordException: () => undefined,
  end: () => undefined,
};

/**
 * BullMQ's `telemetry` option for every Leadbridge queue and worker: bullmq-otel's tracer and
 * context propagation over the registered OpenTelemetry SDK, keeping the producer and consumer
 * spans only, and only their names, ids and counts.
 */
export function leadTelemetry(): Telemetry<Context> {
  const otel = new BullMQOtel({ tracerName: 'bullmq' });
  return {
    contextManager: otel.contextManager,
    tracer: {
      startSpan(name: string, options?: SpanOptions, context?: Context): Span<Context> {
        if (!options || !RECORDED_KINDS.has(options.kind)) return UNRECORDED;
        return new KeptSpan(otel.tracer.startSpan(name, options, context));
      },
    },
  };
}
