import { once } from 'node:events';
import type { AddressObject, HeaderValue } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerError, type SMTPServerOptions } from 'smtp-server';
import { waitForCount } from './wait-for-count';

/** What a test can break on purpose: how the server answers the next clients. */
export type SmtpFailureMode =
  /** Accept every message. */
  | 'none'
  /** Refuse every recipient with 451 (try again later), as greylisting does. */
  | 'reject-temporary'
  /** Refuse every recipient with 550 (mailbox unavailable). */
  | 'reject-permanent'
  /** Stop listening: connections are refused until the mode changes again. */
  | 'down';

/** A TLS key pair in PEM, e.g. from the Dataverse simulator's `generateServerCertificate()`. */
export interface TestTlsKeyPair {
  keyPem: string;
  certPem: string;
}

export interface SmtpServerOptions {
  /** Implicit TLS from the first byte (`smtps://`, port 465 style). Needs `tls`. */
  secure?: boolean;
  /** Offer STARTTLS on the plain connection. Needs `tls`. @defaultValue false */
  starttls?: boolean;
  /**
   * The server's certificate. Passed in rather than shipped: a committed private key would set
   * off secret scanners and expire, and generating one needs an X.509 library test-support does
   * not depend on (the simulator's generator makes one in milliseconds).
   */
  tls?: TestTlsKeyPair;
  /** Require AUTH PLAIN/LOGIN with these credentials (allowed without TLS: it is a test server). */
  auth?: { user: string; pass: string };
  /** How to answer from the start; see `setFailure`. @defaultValue 'none' */
  failWith?: SmtpFailureMode;
}

/** One accepted message, parsed the way a mail client would read it. */
export interface ReceivedMail {
  /** The From header's address. */
  from: string | undefined;
  /** The To and Cc headers' addresses. */
  to: string[];
  cc: string[];
  subject: string | undefined;
  text: string | undefined;
  /** Undefined when the message has no HTML part. */
  html: string | undefined;
  messageId: string | undefined;
  /** Every header, lower-case names, as mailparser parses them. */
  headers: Map<string, HeaderValue>;
  /** MAIL FROM and RCPT TO, which may differ from the headers. */
  envelope: { from: string | undefined; to: string[] };
  /** Whether the session was encrypted (implicit TLS or after STARTTLS). */
  secure: boolean;
  /** Who logged in, when the server requires AUTH. */
  user: string | undefined;
  /** The message as sent, for "this never appears anywhere" checks. */
  raw: string;
}

export interface SmtpTestServer {
  port: number;
  /** `smtp://` or `smtps://`, with the credentials when AUTH is required. */
  url: string;
  /** Accepted messages, in the order they arrived. */
  readonly messages: ReceivedMail[];
  /** AUTH commands received, right or wrong: a password sent in the clear counts here too. */
  readonly authAttempts: number;
  /** Resolves once `count` messages arrived; rejects after `timeoutMs` (default 5 s). */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  setFailure(mode: SmtpFailureMode): Promise<void>;
  close(): Promise<void>;
}

function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) => (entry.address ? [entry.address] : [])),
  );
}

function smtpError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * A real SMTP server on 127.0.0.1 (port chosen by the OS), speaking the protocol as a
 * publisher's mail server would, with switches for the failures delivery must survive.
 */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<SmtpTestServer> {
  if ((options.secure || options.starttls) && !options.tls) {
    throw new Error('startSmtpServer: `secure` and `starttls` need a `tls` key pair');
  }
  const messages: ReceivedMail[] = [];
  const arrived = waitForCount(() => messages.length);
  let mode: SmtpFailureMode = options.failWith ?? 'none';
  let authAttempts = 0;

  const disabledCommands = [
    ...(options.starttls ? [] : ['STARTTLS']),
    ...(options.auth ? [] : ['AUTH']),
  ];
  const serverOptions: SMTPServerOptions = {
    secure: options.secure ?? false,
    ...(options.tls ? { key: options.tls.keyPem, cert: options.tls.certPem } : {}),
    disabledCommands,
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    // Tests close the server while clients may still hold a connection; don't wait 30 s.
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      authAttempts += 1;
      const { user, pass } = options.auth ?? { user: '', pass: '' };
      if (auth.username === user && auth.password === pass) callback(null, { user });
      else callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      // Quoting the address, as Postfix and Exchange do, so callers must keep it out of logs.
      const recipient = `<${address.address}>`;
      if (mode === 'reject-temporary') {
        callback(smtpError(451, `4.7.1 ${recipient}: try again later`));
      } else if (mode === 'reject-permanent') {
        callback(smtpError(550, `5.1.1 ${recipient}: mailbox unavailable`));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const { mailFrom, rcptTo } = session.envelope;
            messages.push({
              from: addresses(parsed.from)[0],
              to: addresses(parsed.to),
              cc: addresses(parsed.cc),
              subject: parsed.subject,
              text: parsed.text,
              html: parsed.html === false ? undefined : parsed.html,
              messageId: parsed.messageId,
              headers: parsed.headers,
              envelope: {
                from: mailFrom === false ? undefined : mailFrom.address,
                to: rcptTo.map((recipient) => recipient.address),
              },
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : undefined,
              raw,
            });
            // Recorded before the 250 reply, so a test sees it as soon as sendMail resolves.
            arrived.changed();
            callback();
          },
          (error: unknown) => callback(error as Error),
        );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => undefined); // a client dropping mid-session is not the test's failure

  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';
  const listening = () => server.server.listening;

  async function setFailure(next: SmtpFailureMode): Promise<void> {
    mode = next;
    if (next === 'down' && listening()) {
      // New clients get ECONNREFUSED; sessions already open are cut, as a crashed server would.
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      for (const connection of server.connections) connection.close();
      await closed;
    } else if (next !== 'down' && !listening()) {
      server.server.listen(port, '127.0.0.1');
      await once(server.server, 'listening');
    }
  }

  await setFailure(mode); // `failWith: 'down'` closes the listener once the port is known

  return {
    port,
    url: `${options.secure ? 'smtps' : 'smtp'}://${credentials}127.0.0.1:${port}`,
    messages,
    get authAttempts() {
      return authAttempts;
    },
    waitForMessages: (count, timeoutMs = 5_000) =>
      arrived.waitFor(count, timeoutMs, 'SMTP messages').then(() => messages.slice(0, count)),
    setFailure,
    // Also when 'down': closing a listener that is not listening still calls back at once.
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
