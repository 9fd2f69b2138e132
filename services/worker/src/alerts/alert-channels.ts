import { withTimeout } from '@leadbridge/service-kit';
import type { Transporter } from 'nodemailer';
import type { Alert } from './alert';
import type { AlertMessage } from './alert-message';
import type { ProxySettings } from '../proxy/proxy-settings';
import { createWebhookClient } from '../webhook/webhook-client';

/** Somewhere alerts go. `send` may throw; the alerter logs that and carries on. */
export interface AlertChannel {
  /** For log lines: `email` or `webhook`; never the address or URL (a webhook URL is a secret). */
  readonly name: string;
  send(alert: Alert, message: AlertMessage): Promise<void>;
}

/** An alert channel that has not answered by then is given up on. */
export const ALERT_TIMEOUT_MS = 5_000;

export interface EmailAlertChannelOptions {
  /** e.g. `createEmailTransport(url, { timeoutMs: ALERT_TIMEOUT_MS })`. */
  transport: Transporter;
  from: string;
  to: readonly string[];
  /** @defaultValue ALERT_TIMEOUT_MS */
  timeoutMs?: number;
}

/** Alerts as plain-text e-mails to the operators. */
export function createEmailAlertChannel(options: EmailAlertChannelOptions): AlertChannel {
  return {
    name: 'email',
    async send(_alert, message) {
      await withTimeout(
        options.transport.sendMail({
          from: options.from,
          to: [...options.to],
          subject: message.title,
          text: message.lines.join('\n'),
        }),
        options.timeoutMs ?? ALERT_TIMEOUT_MS,
        'alert e-mail',
      );
    },
  };
}

export interface WebhookAlertChannelOptions {
  /** A Slack or Teams incoming-webhook URL: a secret, never logged nor put in an error. */
  url: string;
  /** For the whole request, answer included. @defaultValue ALERT_TIMEOUT_MS */
  timeoutMs?: number;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY. @defaultValue direct connections */
  proxy?: ProxySettings;
}

/**
 * Alerts as JSON POSTs to a Slack or Teams incoming webhook. Both render `text` (Teams also
 * `title`); `leadbridge` carries the same facts for anything that reads the JSON.
 */
export function createWebhookAlertChannel(options: WebhookAlertChannelOptions): AlertChannel {
  const client = createWebhookClient({
    timeoutMs: options.timeoutMs ?? ALERT_TIMEOUT_MS,
    ...(options.proxy ? { proxy: options.proxy } : {}),
  });
  return {
    name: 'webhook',
    async send(alert, message) {
      await client.post(options.url, {
        text: message.summary,
        title: message.title,
        leadbridge: {
          kind: alert.kind,
          destination: alert.destination,
          leadId: alert.leadId,
          reason: alert.reason,
          count: alert.count,
          at: alert.at,
        },
      });
    },
  };
}
