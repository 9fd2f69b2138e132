import { readSecretEnv, type AlertsConfig } from '@leadbridge/config';
import type { Logger, RedisConnection } from '@leadbridge/service-kit';
import type { ProxySettings } from '../proxy/proxy-settings';
import { createEmailTransport } from '../destinations/email/email-transport';
import {
  ALERT_TIMEOUT_MS,
  createEmailAlertChannel,
  createWebhookAlertChannel,
  type AlertChannel,
} from './alert-channels';
import { createAlerter, type Alerter } from './alerter';

export interface AlertsDeps {
  env: Readonly<Record<string, string | undefined>>;
  redis: RedisConnection;
  /** The BullMQ prefix: installations sharing a Redis keep their incidents apart. */
  prefix: string;
  logger: Logger;
  /** Extra CA certificate (PEM) to trust for the SMTP server. */
  ca?: string;
  /** SMTP_REQUIRE_TLS, unless the e-mail alerts have their own `requireTls`. @defaultValue true */
  smtpRequireTls?: boolean;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY, for the webhook and the SMTP server. @defaultValue none */
  proxy?: ProxySettings;
}

/** The alerter the `alerts` section describes, with its secrets read from the environment. */
export function alerterFromConfig(
  alerts: AlertsConfig,
  deps: AlertsDeps,
): { alerter: Alerter; backlogThreshold: number } {
  const channels: AlertChannel[] = [];
  if (alerts.email) {
    const smtpUrl = readSecretEnv(alerts.email.smtpUrlEnv, 'alerts.email', deps.env);
    channels.push(
      createEmailAlertChannel({
        transport: createEmailTransport(smtpUrl, {
          timeoutMs: ALERT_TIMEOUT_MS,
          requireTls: alerts.email.requireTls ?? deps.smtpRequireTls ?? true,
          ...(deps.ca ? { ca: deps.ca } : {}),
          ...(deps.proxy ? { proxy: deps.proxy } : {}),
        }),
        from: alerts.email.from,
        to: alerts.email.to,
      }),
    );
  }
  if (alerts.webhook) {
    const url = readSecretEnv(alerts.webhook.urlEnv, 'alerts.webhook', deps.env);
    channels.push(createWebhookAlertChannel({ url, ...(deps.proxy ? { proxy: deps.proxy } : {}) }));
  }
  return {
    alerter: createAlerter({
      redis: deps.redis,
      keyPrefix: deps.prefix,
      channels,
      quietMs: alerts.quietMinutes * 60_000,
      logger: deps.logger,
    }),
    backlogThreshold: alerts.backlogThreshold,
  };
}
