import { readSecretEnv, type EmailDestinationConfig } from '@leadbridge/config';
import type { Destination } from '../../delivery/destination';
import type { DestinationDeps } from '../../delivery/destination-deps';
import { createEmailDestination } from './email-destination';
import { createEmailTransport } from './email-transport';

/** An e-mail destination of the settings, its SMTP URL read from the environment. */
export function emailFromConfig(
  config: EmailDestinationConfig,
  deps: DestinationDeps,
): Destination {
  const smtpUrl = readSecretEnv(config.smtpUrlEnv, `destination ${config.name}`, deps.env);
  return createEmailDestination({
    name: config.name,
    ...(config.match ? { match: config.match } : {}),
    transport: createEmailTransport(smtpUrl, {
      requireTls: config.requireTls ?? deps.smtpRequireTls ?? true,
      ...(deps.ca ? { ca: deps.ca } : {}),
      ...(deps.proxy ? { proxy: deps.proxy } : {}),
    }),
    settings: {
      from: config.from,
      to: config.to,
      cc: config.cc,
      ...(config.subject !== undefined ? { subject: config.subject } : {}),
      ...(config.text !== undefined ? { text: config.text } : {}),
      ...(config.html !== undefined ? { html: config.html } : {}),
    },
  });
}
