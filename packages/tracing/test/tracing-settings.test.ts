import { readTracingSettings } from '../src';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
const read = (env: Record<string, string>) => () => readTracingSettings(env, 'leadbridge-api');

describe('trace settings from the standard OTEL_* variables', () => {
  test('without an OTLP endpoint, traces are off whatever else is set', () => {
    expect(read({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'nonsense' })()).toEqual({
      enabled: false,
    });
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })()).toEqual({ enabled: false });
  });

  test('with an endpoint, spans go there as protobuf, named after the service, all sampled', () => {
    expect(read(ENDPOINT)()).toEqual({
      enabled: true,
      endpoint: 'http://collector:4318',
      protocol: 'http/protobuf',
      serviceName: 'leadbridge-api',
      sampler: 'parentbased_always_on',
    });
  });

  test('the traces endpoint, protocol and OTEL_SERVICE_NAME win over the general ones', () => {
    expect(
      read({
        ...ENDPOINT,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example.com/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'leads-eu',
      })(),
    ).toMatchObject({
      endpoint: 'https://otel.example.com/v1/traces',
      protocol: 'http/json',
      serviceName: 'leads-eu',
    });
  });

  test('OTEL_SDK_DISABLED=true turns traces off even with an endpoint', () => {
    expect(read({ ...ENDPOINT, OTEL_SDK_DISABLED: 'true' })()).toEqual({ enabled: false });
  });

  test.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must/],
    [
      { ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      /^OTEL_EXPORTER_OTLP_PROTOCOL grpc is not supported: use http\/protobuf/,
    ],
    [
      { ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' },
      /^OTEL_EXPORTER_OTLP_PROTOCOL must be one of http\/protobuf, http\/json/,
    ],
    [{ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'sometimes' }, /^OTEL_TRACES_SAMPLER must be one of/],
    [
      {
        ...ENDPOINT,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '5',
      },
      /^OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "5"/,
    ],
    [{ ...ENDPOINT, OTEL_SDK_DISABLED: 'maybe' }, /^OTEL_SDK_DISABLED must be true or false/],
  ])('a value the SDK would ignore stops the process, naming the variable (%o)', (env, message) => {
    expect(read(env)).toThrow(message);
  });

  test('a header entry that is not key=value is refused without quoting any header value', () => {
    const run = read({
      ...ENDPOINT,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr3t-value,broken-s3cr3t',
    });

    expect(run).toThrow('OTEL_EXPORTER_OTLP_HEADERS entry 2 is not key=value');
    expect(run).not.toThrow(/s3cr3t/);
  });

  test('a sampling ratio is read as given', () => {
    expect(
      read({ ...ENDPOINT, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' })(),
    ).toMatchObject({ sampler: 'traceidratio' });
  });
});
