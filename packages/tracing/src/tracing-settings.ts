import { ConfigError, envReader } from '@leadbridge/service-kit';

/** The OTLP encodings over HTTP the exporter speaks. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** The samplers OpenTelemetry's SDK builds from OTEL_TRACES_SAMPLER. */
const SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

/** Traces as the standard OTEL_* variables describe them; the SDK reads the rest itself. */
export type TracingSettings =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      /** Where spans go: the traces endpoint when set, else the base endpoint. */
      readonly endpoint: string;
      /** @defaultValue 'http/protobuf' */
      readonly protocol: OtlpProtocol;
      /** The spans' `service.name`: OTEL_SERVICE_NAME, else the service's own name. */
      readonly serviceName: string;
      /** @defaultValue 'parentbased_always_on' */
      readonly sampler: (typeof SAMPLERS)[number];
    };

type Env = Readonly<Record<string, string | undefined>>;

/** The signal-specific variable when it is set, else the general one, as the SDK reads them. */
function tracesVariable(env: Env, general: string, specific: string): string {
  return env[specific]?.trim() ? specific : general;
}

/** Comma-separated `key=value` pairs; the values (often an API key) are never quoted back. */
function checkHeaders(env: Env, name: string): void {
  const entries = (env[name] ?? '').split(',').filter((entry) => entry.trim() !== '');
  const bad = entries.findIndex((entry) => !/^\s*[^=\s][^=]*=/.test(entry));
  if (bad !== -1) throw new ConfigError(name, `entry ${bad + 1} is not key=value`);
}

function checkSamplerArg(env: Env, sampler: string): void {
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (!arg || !sampler.endsWith('traceidratio')) return;
  const ratio = /^\d+(\.\d+)?$/.test(arg) ? Number(arg) : NaN;
  if (!(ratio >= 0 && ratio <= 1)) {
    throw new ConfigError('OTEL_TRACES_SAMPLER_ARG', `must be a ratio from 0 to 1, got "${arg}"`);
  }
}

/**
 * Reads whether and how traces are exported: only with OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set (and OTEL_SDK_DISABLED not true). The values the SDK
 * would ignore with a warning no one reads stop the process here instead, naming the variable.
 */
export function readTracingSettings(env: Env, defaultServiceName: string): TracingSettings {
  const read = envReader(env);
  const endpointName = tracesVariable(
    env,
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  );
  if (read.raw(endpointName) === undefined || read.bool('OTEL_SDK_DISABLED', false)) {
    return Object.freeze({ enabled: false });
  }
  const endpoint = read.url(endpointName, undefined, ['http:', 'https:']);
  const protocolName = tracesVariable(
    env,
    'OTEL_EXPORTER_OTLP_PROTOCOL',
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  );
  if (read.raw(protocolName) === 'grpc') {
    throw new ConfigError(
      protocolName,
      'grpc is not supported: use http/protobuf (the default) or http/json, usually on port 4318',
    );
  }
  const protocol = read.oneOf(protocolName, 'http/protobuf', OTLP_PROTOCOLS);
  const sampler = read.oneOf('OTEL_TRACES_SAMPLER', 'parentbased_always_on', SAMPLERS);
  checkSamplerArg(env, sampler);
  checkHeaders(env, 'OTEL_EXPORTER_OTLP_HEADERS');
  checkHeaders(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS');
  return Object.freeze({
    enabled: true,
    endpoint,
    protocol,
    serviceName: read.string('OTEL_SERVICE_NAME', defaultServiceName),
    sampler,
  });
}
