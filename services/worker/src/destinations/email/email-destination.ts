import type { MatchSpec } from '@leadbridge/lead-model';
import type { Transporter } from 'nodemailer';
import { renderLeadEmail, type LeadEmailSettings } from './lead-email';
import { sendLeadEmail } from './send-lead-email';
import type { Destination } from '../../delivery/destination';

export interface EmailDestinationOptions {
  name: string;
  match?: MatchSpec;
  transport: Transporter;
  settings: LeadEmailSettings;
  /** @defaultValue 2: an SMTP server is no faster with more connections from one sender */
  concurrency?: number;
}

/** A notification e-mail per lead, as Microsoft's flow sends, through the publisher's SMTP server. */
export function createEmailDestination(options: EmailDestinationOptions): Destination {
  const { transport, settings } = options;
  return {
    name: options.name,
    type: 'email',
    ...(options.match ? { match: options.match } : {}),
    concurrency: options.concurrency ?? 2,
    async deliver(job) {
      const sent = await sendLeadEmail(transport, renderLeadEmail(settings, job));
      return {
        outcome: 'sent',
        message: 'notification e-mail sent',
        details: { messageId: sent.messageId },
      };
    },
    ready: () => transport.verify(),
    close: async () => transport.close(),
  };
}
