import { redactText } from '@leadbridge/service-kit';
import type { NodemailerError, Transporter } from 'nodemailer';
import { PermanentError, TransientError } from '../../delivery/delivery-errors';
import type { LeadEmail } from './lead-email';

/** What the SMTP server accepted; counts only, since addresses are personal data. */
export interface SentLeadEmail {
  messageId: string;
  /** Recipients the server took. */
  accepted: number;
  /** Recipients it refused while taking others: the message went out, so this is not a failure. */
  rejected: number;
}

// Failures without an SMTP reply that retrying the same message cannot fix: nodemailer found
// the configuration or the message itself unusable before any server said anything.
const PERMANENT_CLIENT_CODES = new Set(['ECONFIG', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE']);

/**
 * RFC 5321: 5yz is a permanent refusal, 4yz a transient one. 503 (bad sequence of commands) is
 * about the session, not the message, so a new connection may well succeed.
 */
function isPermanentReply(code: number): boolean {
  return code >= 500 && code < 600 && code !== 503;
}

/**
 * With TLS required, nodemailer sends STARTTLS whether or not the server offers it; an answer
 * other than 220 means the server cannot encrypt the session, and nothing else was sent.
 */
function isStartTlsRefused(error: NodemailerError): boolean {
  return (
    error.code === 'ETLS' &&
    error.command?.toUpperCase() === 'STARTTLS' &&
    error.responseCode !== undefined
  );
}

function describeStartTlsRefused(error: NodemailerError): string {
  const answer = error.response ? redactText(error.response).slice(0, 200) : error.responseCode;
  return (
    `SMTP server refused STARTTLS (${answer}), so nothing was sent unencrypted: use smtps://, ` +
    'turn STARTTLS on at the server, or, for a trusted local relay only, set ' +
    'SMTP_REQUIRE_TLS=false (or requireTls: false on the destination)'
  );
}

/**
 * nodemailer says only `Invalid response from proxy: 407`; say which setting to look at. SMTP
 * goes through HTTPS_PROXY's tunnel, which many proxies open to port 443 only.
 */
function describeProxyRefusal(error: NodemailerError): string {
  const advice = / 407$/.test(error.message)
    ? 'put the right user and password in HTTPS_PROXY'
    : 'many proxies tunnel to port 443 only: list the mail server in NO_PROXY if it can be reached directly, or have the proxy allow its port';
  return `SMTP EPROXY: ${redactText(error.message).slice(0, 200)}: the proxy in HTTPS_PROXY would not tunnel to the mail server; ${advice}`;
}

/**
 * The failure in words an operator can act on. nodemailer's own messages and the server's reply
 * may quote the recipient's address; that is personal data, so it is taken out.
 */
function describe(error: NodemailerError): string {
  // The verb only: nodemailer may keep the whole line, e.g. `RCPT TO:<someone@example.com>`.
  const verb = error.command?.match(/^[A-Za-z]+(?: [A-Za-z]+)?/)?.[0];
  const at = verb ? ` at ${verb.toUpperCase()}` : '';
  if (isStartTlsRefused(error)) return describeStartTlsRefused(error);
  if (error.code === 'EPROXY') return describeProxyRefusal(error);
  if (error.responseCode !== undefined) {
    const reply = error.response ? `: ${redactText(error.response).slice(0, 200)}` : '';
    return `SMTP server refused the message${at} (${error.responseCode})${reply}`;
  }
  const codes = [error.code, error.originalCode].filter(Boolean).join('/') || 'error';
  return `SMTP ${codes}${at}: ${redactText(String(error.message)).slice(0, 200)}`;
}

function classify(error: unknown): Error {
  // Duck-typed: errors raised inside Node (sockets, TLS) may come from another realm under test.
  const failure: NodemailerError =
    typeof error === 'object' && error !== null && 'message' in error
      ? (error as NodemailerError)
      : new Error(String(error));
  const message = describe(failure);
  const details = {
    ...(failure.responseCode !== undefined ? { status: failure.responseCode } : {}),
    ...(failure.code !== undefined ? { code: failure.code } : {}),
  };
  // Transient: once the server offers TLS, or the worker is told it is a local relay, the lead
  // goes out on a later attempt; and a STARTTLS offer stripped on the way may be back next time.
  if (isStartTlsRefused(failure)) return new TransientError(message, details);
  if (failure.responseCode !== undefined) {
    return isPermanentReply(failure.responseCode)
      ? new PermanentError(message, details)
      : new TransientError(message, details);
  }
  if (failure.code !== undefined && PERMANENT_CLIENT_CODES.has(failure.code)) {
    return new PermanentError(message, details);
  }
  // Refused or dropped connections, timeouts, DNS and TLS trouble: the server may be back soon.
  return new TransientError(message, details);
}

/**
 * Sends one lead notification. Throws a TransientError when trying again later may work
 * (connection trouble, 4xx replies) and a PermanentError when it will not (5xx replies such as
 * 550 mailbox unavailable or 535 authentication failed); `details.status` holds the SMTP reply
 * code and `details.code` nodemailer's error code.
 */
export async function sendLeadEmail(
  transport: Transporter,
  message: LeadEmail,
): Promise<SentLeadEmail> {
  try {
    const info = await transport.sendMail(message);
    return {
      messageId: info.messageId,
      accepted: info.accepted?.length ?? 0,
      rejected: info.rejected?.length ?? 0,
    };
  } catch (error) {
    throw classify(error);
  }
}
