import type { EmailDestinationConfig } from './email-config';
import type { EmailDestinationEntry } from './email-schema';

/** An e-mail entry with its copy list filled in; `requireTls` left out stays the worker's. */
export function buildEmail(entry: EmailDestinationEntry): EmailDestinationConfig {
  return {
    name: entry.name,
    type: 'email',
    ...(entry.match ? { match: entry.match } : {}),
    smtpUrlEnv: entry.smtpUrlEnv,
    ...(entry.requireTls !== undefined ? { requireTls: entry.requireTls } : {}),
    from: entry.from,
    to: entry.to,
    cc: entry.cc ?? [],
    ...(entry.subject !== undefined ? { subject: entry.subject } : {}),
    ...(entry.text !== undefined ? { text: entry.text } : {}),
    ...(entry.html !== undefined ? { html: entry.html } : {}),
  };
}
