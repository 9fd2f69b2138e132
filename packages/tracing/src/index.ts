export { ATTR } from './attributes';
export { inSpan, markFailed } from './in-span';
export { startTracing, TRACING_OFF, type Tracing } from './start-tracing';
export {
  OTLP_PROTOCOLS,
  readTracingSettings,
  type OtlpProtocol,
  type TracingSettings,
} from './tracing-settings';
