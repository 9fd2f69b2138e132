import { readSecretEnv, type ChatDestinationConfig } from '@leadbridge/config';
import { ConfigError } from '@leadbridge/service-kit';
import type { Destination } from '../../delivery/destination';
import type { DestinationDeps } from '../../delivery/destination-deps';
import { createChatDestination } from './chat-destination';
import { webhookUrlProblem } from './chat-webhook-url';

/** The webhook URL a chat destination names, read and checked; a bad one stops the worker. */
export function chatWebhookUrl(
  config: Pick<ChatDestinationConfig, 'name' | 'urlEnv'>,
  env: DestinationDeps['env'],
): string {
  const where = `destination ${config.name}`;
  const url = readSecretEnv(config.urlEnv, where, env);
  const problem = webhookUrlProblem(url);
  if (problem) throw new ConfigError(config.urlEnv, `${problem} (required by ${where})`);
  return url;
}

/**
 * The longest a post may take, answer included. Teams and Slack take a message in well under a
 * second; past this the message is retried (and may show twice, see createChatDestination).
 */
export const CHAT_TIMEOUT_MS = 15_000;

/** A chat destination of the settings, its webhook URL read from the environment. */
export function chatFromConfig(config: ChatDestinationConfig, deps: DestinationDeps): Destination {
  return createChatDestination({
    name: config.name,
    ...(config.match ? { match: config.match } : {}),
    format: config.format,
    url: chatWebhookUrl(config, deps.env),
    urlVariable: config.urlEnv,
    settings: {
      ...(config.title !== undefined ? { title: config.title } : {}),
      ...(config.text !== undefined ? { text: config.text } : {}),
      personalData: config.personalData,
    },
    ...(config.waitFor
      ? {
          waitFor: {
            destination: config.waitFor.destination,
            maxWaitMs: config.waitFor.maxSeconds * 1000,
          },
        }
      : {}),
    timeoutMs: CHAT_TIMEOUT_MS,
    ...(deps.proxy ? { proxy: deps.proxy } : {}),
  });
}
