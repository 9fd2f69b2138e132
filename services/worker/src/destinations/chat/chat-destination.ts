import type { MatchSpec } from '@leadbridge/lead-model';
import type { Destination } from '../../delivery/destination';
import type { ProxySettings } from '../../proxy/proxy-settings';
import { createWebhookClient, type WebhookClient } from '../../webhook/webhook-client';
import { chatContent, type ChatContent, type ChatContentSettings } from './chat-content';
import { maskWebhookUrl, type ChatFormat } from './chat-webhook-url';
import { postChatMessage } from './post-chat-message';
import { slackMessage } from './slack-message';
import { teamsMessage } from './teams-card';

const LAYOUTS: Readonly<Record<ChatFormat, (content: ChatContent) => Record<string, unknown>>> = {
  teams: teamsMessage,
  slack: slackMessage,
};

/**
 * Messages started per second per webhook, shared by every worker process: Slack takes about
 * one message a second on an incoming webhook, Teams four a second on a connector and far fewer
 * on a Power Automate flow, so a burst of leads is posted in order rather than throttled.
 */
export const CHAT_RATE_LIMITS: Readonly<Record<ChatFormat, { max: number; durationMs: number }>> = {
  teams: { max: 2, durationMs: 1_000 },
  slack: { max: 1, durationMs: 1_000 },
};

export interface ChatDestinationOptions {
  name: string;
  match?: MatchSpec;
  format: ChatFormat;
  /** The webhook's URL: a secret, never logged nor put in an error. */
  url: string;
  /** The variable holding `url`: what errors and logs name instead. */
  urlVariable: string;
  settings: ChatContentSettings;
  /** The Dataverse destination whose record the message links to, and the longest wait for it. */
  waitFor?: { destination: string; maxWaitMs: number };
  /** For the whole request, answer included. */
  timeoutMs: number;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY, for a client of its own. @defaultValue direct */
  proxy?: ProxySettings;
  /** @defaultValue a client of its own */
  client?: WebhookClient;
}

/**
 * A message per lead in a Teams or Slack channel, the moment it arrives (or once its Dynamics
 * 365 record is written, with a link to it). A webhook has no idempotency key: a post whose
 * answer was lost is posted again on retry, so a timeout may show the message twice; the job id
 * (the lead id) keeps every other repeat out.
 */
export function createChatDestination(options: ChatDestinationOptions): Destination {
  const { url, urlVariable, format, settings } = options;
  const client =
    options.client ??
    createWebhookClient({
      timeoutMs: options.timeoutMs,
      ...(options.proxy ? { proxy: options.proxy } : {}),
    });
  const layout = LAYOUTS[format];
  return {
    name: options.name,
    type: 'chat',
    ...(options.match ? { match: options.match } : {}),
    ...(options.waitFor ? { waitFor: options.waitFor } : {}),
    // One at a time, so a channel shows leads in the order they came.
    concurrency: 1,
    rateLimit: CHAT_RATE_LIMITS[format],
    async deliver(job, context) {
      const content = chatContent(settings, job, context?.awaited);
      try {
        await postChatMessage(client, url, urlVariable, layout(content));
      } catch (error) {
        // The client's errors never hold the URL; masking again keeps it so if that changes.
        if (error instanceof Error) error.message = maskWebhookUrl(error.message, url, urlVariable);
        throw error;
      }
      return {
        outcome: 'sent',
        message: `message posted to the ${format === 'teams' ? 'Teams' : 'Slack'} channel`,
        details: {
          format,
          // What a person erasing the customer's data has to delete in the channel (npm run forget).
          ...(settings.personalData.length > 0 ? { personalData: [...settings.personalData] } : {}),
          ...(content.recordUrl ? { recordUrl: content.recordUrl } : {}),
          ...(context?.awaited ? { awaited: context.awaited.state } : {}),
        },
      };
    },
    // Nothing to ask a webhook without posting to the channel; `npm run check` checks the URL.
    ready: async () => true,
    close: async () => undefined,
  };
}
