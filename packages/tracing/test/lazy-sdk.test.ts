import { execFileSync } from 'node:child_process';

/**
 * Starts tracing in a fresh process from the built package, as a service does, and lists the
 * OpenTelemetry packages it loaded.
 */
function packagesLoaded(env: Record<string, string>): string[] {
  const script = `
    const { startTracing, readTracingSettings } = require('@leadbridge/tracing');
    const logger = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } };
    const tracing = startTracing(readTracingSettings(process.env, 'test'), logger);
    const loaded = Object.keys(require.cache)
      .map((path) => /node_modules\\/(@opentelemetry\\/[^/]+|bullmq-otel)\\//.exec(path)?.[1])
      .filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));
    tracing.shutdown();
  `;
  const output = execFileSync(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH, ...env },
    cwd: __dirname,
  });
  return JSON.parse(output.toString()) as string[];
}

describe('the cost of traces left off', () => {
  test('without an OTLP endpoint only the OpenTelemetry API is loaded, no SDK and no exporter', () => {
    expect(packagesLoaded({})).toEqual(['@opentelemetry/api']);
  });

  test('with one, the SDK, the exporter and BullMQ telemetry are loaded', () => {
    expect(packagesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toEqual(
      expect.arrayContaining([
        '@opentelemetry/api',
        '@opentelemetry/sdk-trace-node',
        '@opentelemetry/exporter-trace-otlp-proto',
        'bullmq-otel',
      ]),
    );
  });
});
