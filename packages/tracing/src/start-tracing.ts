import { maskUrl, withTimeout, type Logger } from '@leadbridge/service-kit';
import type { Tracing } from './tracing';
import type { TracingSettings } from './tracing-settings';

export type { Tracing } from './tracing';

/** No traces: the OpenTelemetry API's no-op tracer answers every span, and nothing is sent. */
export const TRACING_OFF: Tracing = Object.freeze({
  bullmq: undefined,
  shutdown: async () => undefined,
});

/** The longest a shutdown waits for the last spans to reach the collector. */
const FLUSH_LIMIT_MS = 5_000;

/**
 * Starts exporting traces when the settings say so. The SDK is loaded only then: a process
 * without an OTLP endpoint loads the OpenTelemetry API alone, whose tracer does nothing.
 */
export function startTracing(settings: TracingSettings, logger: Logger): Tracing {
  if (!settings.enabled) return TRACING_OFF;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when traces are on
  const { startSdk } = require('./otel-sdk') as typeof import('./otel-sdk');
  const started = startSdk(settings, logger);
  logger.info('traces exported', {
    endpoint: maskUrl(settings.endpoint),
    protocol: settings.protocol,
    serviceName: settings.serviceName,
    sampler: settings.sampler,
  });
  return {
    bullmq: started.bullmq,
    // Spans are worth a short wait at shutdown, not the leads' grace period: a collector that
    // does not answer costs at most FLUSH_LIMIT_MS, and a failure only a log line.
    async shutdown() {
      await withTimeout(started.shutdown(), FLUSH_LIMIT_MS, 'sending the last spans').catch(
        (error: unknown) => logger.warn('traces: the last spans could not be sent', { error }),
      );
    },
  };
}
