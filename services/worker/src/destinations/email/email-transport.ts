import { rootCertificates } from 'node:tls';
import {
  createTransport,
  type SMTPSentMessageInfo,
  type SMTPTransportOptions,
  type Transporter,
} from 'nodemailer';
import { proxyForHost, type ProxySettings } from '../../proxy/proxy-settings';

export type EmailTransport = Transporter<SMTPSentMessageInfo, SMTPTransportOptions>;

export interface EmailTransportOptions {
  /**
   * CA certificates (PEM) to trust besides the public ones, for a mail server whose certificate
   * a private or self-signed CA issued.
   */
  ca?: string;
  /**
   * Longest wait for the connection, the greeting, and any silence within the session. Without
   * it a server that accepts the connection and never answers holds a delivery for 10 minutes.
   * @defaultValue 30_000
   */
  timeoutMs?: number;
  /**
   * For `smtp://`: send nothing, credentials included, unless the server upgrades the connection
   * with STARTTLS. Only a trusted relay on the same host or network may be spoken to in the clear.
   * @defaultValue true
   */
  requireTls?: boolean;
  /**
   * HTTPS_PROXY and NO_PROXY: the SMTP connection goes through a CONNECT tunnel of the proxy
   * unless the server's host is in NO_PROXY. @defaultValue direct connections
   */
  proxy?: ProxySettings;
}

/** Where nodemailer connects for `smtpUrl`: its host, and its port or the scheme's usual one. */
function smtpServer(smtpUrl: string): { host: string; port: number } | undefined {
  // A URL that does not parse is nodemailer's to refuse, with its own error.
  if (!URL.canParse(smtpUrl)) return undefined;
  const url = new URL(smtpUrl);
  const port = url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587;
  return { host: url.hostname, port };
}

/**
 * An SMTP transport for `smtpUrl`, following nodemailer's URL conventions:
 * - `smtp://user:pass@host:587`: plain connection, upgraded with STARTTLS before anything is
 *   sent; a server that offers no STARTTLS is refused unless `requireTls` is false, and then the
 *   connection is still upgraded whenever the server offers it;
 * - `smtps://user:pass@host:465`: TLS from the first byte;
 * - user and password percent-encoded; other query parameters set transport options of the same
 *   name (`tls.servername=…` sets a TLS option), and win over `options` here.
 *
 * Through HTTPS_PROXY, unless NO_PROXY lists the server: the proxy must allow CONNECT to the SMTP
 * port (587, 465 or 25), which many allow only to 443.
 *
 * Not pooled: one connection per message keeps a dropped connection from failing the next lead,
 * and lead volumes are far below what would make connection setup matter.
 */
export function createEmailTransport(
  smtpUrl: string,
  options: EmailTransportOptions = {},
): EmailTransport {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const server = smtpServer(smtpUrl);
  const proxy =
    options.proxy && server && proxyForHost(options.proxy, server.host, server.port, true);
  const transportOptions: SMTPTransportOptions = {
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // Without it nodemailer sends in the clear to a server that does not offer STARTTLS, or whose
    // offer an attacker on the path has removed. Meaningless for smtps://, which is TLS at once.
    requireTLS: options.requireTls ?? true,
    // Node's `ca` replaces the public roots; keep them so a relay with a public cert still works.
    ...(options.ca ? { tls: { ca: [...rootCertificates, options.ca] } } : {}),
    // nodemailer opens a CONNECT tunnel itself, then speaks SMTP (and TLS) through it.
    ...(proxy ? { proxy: proxy.url } : {}),
  };
  return createTransport(transportOptions);
}
