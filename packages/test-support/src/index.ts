export { freePort } from './free-port';
export { startScriptArgs } from './start-script';
export { LogCapture } from './log-capture';
export { pollUntil } from './poll-until';
export { startPrivateCluster, type PrivateCluster } from './redis-cluster';
export {
  startPrivateSentinelGroup,
  type PrivateSentinelGroup,
  type SentinelGroupOptions,
} from './redis-sentinel';
export { startPrivateRedis, type PrivateRedis, type PrivateRedisOptions } from './redis-server';
export { createTestCertificates, type TestCertificates } from './test-certificates';
export { testRedisUrl } from './test-redis-url';
export { documentedExample, partnerCenterTestLead } from './lead-fixtures';
export {
  startSmtpServer,
  type ReceivedMail,
  type SmtpFailureMode,
  type SmtpServerOptions,
  type SmtpTestServer,
  type TestTlsKeyPair,
} from './smtp-test-server';
export {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from './webhook-receiver';
export {
  startTestProxy,
  type ProxiedRequest,
  type TestProxy,
  type TestProxyOptions,
} from './test-proxy';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
