import { diag, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from '@leadbridge/service-kit';
import { leadTelemetry } from './lead-telemetry';
import type { Tracing } from './tracing';
import type { TracingSettings } from './tracing-settings';

/**
 * The OpenTelemetry SDK, registered as the process's tracer provider: spans batched and sent over
 * OTLP/HTTP. Endpoint, headers, timeout, compression, sampler and batch sizes come from the
 * standard OTEL_* variables, which the SDK reads itself; the service name defaults to the
 * service's own, and OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES win over it.
 */
export function startSdk(
  settings: Extract<TracingSettings, { enabled: true }>,
  logger: Logger,
): Tracing {
  // The SDK's own complaints (an export refused, a collector unreachable) go to the service's log.
  diag.setLogger(
    {
      error: (message) => logger.warn(`traces: ${message}`),
      warn: (message) => logger.warn(`traces: ${message}`),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  const exporter = settings.protocol === 'http/json' ? new JsonExporter() : new ProtobufExporter();
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': settings.serviceName }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // Registers the W3C trace context propagator too, which BullMQ's job metadata is written with.
  provider.register();
  return { bullmq: leadTelemetry(), shutdown: () => provider.shutdown() };
}
