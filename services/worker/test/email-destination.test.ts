import { createServer, type Server, type Socket } from 'node:net';
import { generateServerCertificate, type TlsKeyPair } from '@leadbridge/dataverse-simulator';
import {
  describeOrigin,
  contentKeyFor,
  parseLead,
  type DestinationJobData,
} from '@leadbridge/lead-model';
import { documentedExample, startSmtpServer, type SmtpTestServer } from '@leadbridge/test-support';
import type { EmailDestinationConfig } from '@leadbridge/config';
import { readWorkerProcessConfig } from '../src/config';
import { PermanentError, TransientError } from '../src/delivery/delivery-errors';
import { buildDestinations } from '../src/destinations/registry';
import type { Destination } from '../src/delivery/destination';
import {
  createEmailTransport,
  type EmailTransport,
} from '../src/destinations/email/email-transport';
import { renderLeadEmail, type LeadEmailSettings } from '../src/destinations/email/lead-email';
import { sendLeadEmail } from '../src/destinations/email/send-lead-email';

// Every scenario talks to a real SMTP server on 127.0.0.1; a failing one must fail fast.
jest.setTimeout(15_000);

const settings: LeadEmailSettings = {
  from: 'Leadbridge <leads@publisher.example>',
  to: ['sales@publisher.example', 'partners@publisher.example'],
  cc: ['manager@publisher.example'],
};

function jobFor(body: object, destination = 'sales-inbox'): DestinationJobData {
  const parsed = parseLead(body);
  if (!parsed.ok) throw new Error('fixture must be a valid lead');
  const leadId = contentKeyFor(parsed.lead);
  return {
    leadId,
    requestId: 'request-1',
    receivedAt: '2025-01-02T03:04:05.000Z',
    rawBody: JSON.stringify(body),
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
    destination,
  };
}

let server: SmtpTestServer | undefined;
let transport: EmailTransport | undefined;
let certificate: TlsKeyPair;

beforeAll(async () => {
  certificate = await generateServerCertificate();
});

afterEach(async () => {
  transport?.close();
  transport = undefined;
  await server?.close();
  server = undefined;
});

async function send(
  url: string,
  job: DestinationJobData,
  options: {
    ca?: string;
    timeoutMs?: number;
    requireTls?: boolean;
    settings?: LeadEmailSettings;
  } = {},
) {
  // Most scenarios talk to a plain server on 127.0.0.1, as to a local relay; TLS ones say so.
  transport = createEmailTransport(url, { timeoutMs: 2_000, requireTls: false, ...options });
  return sendLeadEmail(transport, renderLeadEmail(options.settings ?? settings, job));
}

describe('a lead sent to an e-mail destination', () => {
  it('arrives with sender, recipients, subject, a stable Message-ID and text and HTML parts', async () => {
    server = await startSmtpServer();
    const job = jobFor(documentedExample);

    const sent = await send(server.url, job);

    const [mail] = await server.waitForMessages(1);
    expect(mail).toMatchObject({
      from: 'leads@publisher.example',
      to: ['sales@publisher.example', 'partners@publisher.example'],
      cc: ['manager@publisher.example'],
      subject: 'New lead from AzureMarketplace for Test Microsoft',
      messageId: `<lead-${job.leadId}.sales-inbox@leadbridge>`,
    });
    expect(mail?.headers.get('x-leadbridge-lead-id')).toBe(job.leadId);
    expect(mail?.text).toContain('Last name: One\nFirst name: Some\nEmail: someone@contoso.com');
    expect(mail?.text).toContain('Action: Get it now / install');
    expect(mail?.text).toContain('Microsoft test lead: no');
    expect(mail?.text).toContain(`Leadbridge lead id: ${job.leadId}`);
    expect(mail?.html).toContain('<th align="left" valign="top">Company</th>');
    expect(mail?.html).toContain('>Contoso</td>');
    expect(sent).toEqual({ messageId: mail?.messageId, accepted: 3, rejected: 0 });
  });

  it('gets the same Message-ID when delivered again, so a mail client can spot the duplicate', async () => {
    server = await startSmtpServer();
    const job = jobFor(documentedExample);

    await send(server.url, job);
    await send(server.url, job);

    const [first, second] = await server.waitForMessages(2);
    expect(second?.messageId).toBe(first?.messageId);
  });

  it('escapes a company like "<script>" & co in the HTML part and keeps it as is in the text', async () => {
    server = await startSmtpServer();
    const company = 'Smith & Sons <script>alert("x")</script>';
    const job = jobFor({
      ...documentedExample,
      UserDetails: { ...documentedExample.UserDetails, Company: company },
    });

    await send(server.url, job);

    const [mail] = await server.waitForMessages(1);
    expect(mail?.html).toContain(
      'Smith &amp; Sons &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect(mail?.html).not.toContain('<script>');
    expect(mail?.text).toContain(`Company: ${company}`);
  });

  it('names the lead by its topic when the lead source or offer title is missing', async () => {
    server = await startSmtpServer();
    const { OfferTitle: _offer, LeadSource: _source, ...body } = documentedExample;

    await send(server.url, jobFor({ ...body, ActionCode: 'PLT' }));

    const [mail] = await server.waitForMessages(1);
    expect(mail?.subject).toBe('New lead: Marketplace lead – Contact me / trial (PLT)');
  });

  it("fills custom templates, keeping a value's line breaks out of the subject", async () => {
    server = await startSmtpServer();
    const job = jobFor({ ...documentedExample, Description: 'Needs a quote\nby Friday' });
    const custom: LeadEmailSettings = {
      ...settings,
      subject: '[{LeadSource}] {FullName}: {Description}',
      text: 'Call {FullName} at {UserDetails.Phone} about {OfferTitle}.',
      html: '<p>Call <b>{FullName}</b> of {UserDetails.Company}</p>',
    };

    await send(server.url, job, { settings: custom });

    const [mail] = await server.waitForMessages(1);
    expect(mail?.subject).toBe('[AzureMarketplace] Some One: Needs a quote by Friday');
    expect(mail?.text?.trim()).toBe('Call Some One at 16175555555 about Test Microsoft.');
    expect(mail?.html).toContain('<p>Call <b>Some One</b> of Contoso</p>');
  });

  it('sends a custom text template alone, without the default HTML part', async () => {
    server = await startSmtpServer();

    await send(server.url, jobFor(documentedExample), {
      settings: { ...settings, text: 'New lead {LeadId}' },
    });

    const [mail] = await server.waitForMessages(1);
    expect(mail?.html).toBeUndefined();
  });

  it('refuses a template naming a field that does not exist', () => {
    expect(() =>
      renderLeadEmail(
        { ...settings, subject: 'Lead {UserDetails.Emial}' },
        jobFor(documentedExample),
      ),
    ).toThrow(/unknown field "UserDetails.Emial"/);
  });
});

describe('the connection to the SMTP server', () => {
  it('upgrades with STARTTLS to a server whose certificate the given CA issued', async () => {
    server = await startSmtpServer({ starttls: true, tls: certificate });

    await send(server.url, jobFor(documentedExample), {
      ca: certificate.certPem,
      requireTls: true,
    });

    const [mail] = await server.waitForMessages(1);
    expect(mail?.secure).toBe(true);
  });

  it('refuses, by default, an smtp:// server that offers no STARTTLS, saying so, and sends nothing', async () => {
    server = await startSmtpServer({ auth: { user: 'leads', pass: 'secret' } });
    transport = createEmailTransport(server.url, { timeoutMs: 2_000 });

    const error: unknown = await sendLeadEmail(
      transport,
      renderLeadEmail(settings, jobFor(documentedExample)),
    ).catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(
      /^SMTP server refused STARTTLS \(\d{3}[^)]*\), so nothing was sent unencrypted: .*smtps:\/\/.*SMTP_REQUIRE_TLS=false/,
    );
    expect(server.messages).toHaveLength(0);
    expect(server.authAttempts).toBe(0);
  });

  it('sends nothing to a server whose certificate it does not trust', async () => {
    server = await startSmtpServer({ starttls: true, tls: certificate });

    const sending = send(server.url, jobFor(documentedExample));

    await expect(sending).rejects.toBeInstanceOf(TransientError);
    expect(server.messages).toHaveLength(0);
  });

  it('speaks TLS from the first byte to an smtps:// URL', async () => {
    server = await startSmtpServer({ secure: true, tls: certificate });
    expect(server.url).toMatch(/^smtps:\/\//);

    await send(server.url, jobFor(documentedExample), { ca: certificate.certPem });

    const [mail] = await server.waitForMessages(1);
    expect(mail?.secure).toBe(true);
  });

  it('logs in with the user and password in the URL', async () => {
    server = await startSmtpServer({ auth: { user: 'leads', pass: 'p@ss:w/rd' } });
    expect(server.url).toContain('leads:p%40ss%3Aw%2Frd@');

    await send(server.url, jobFor(documentedExample));

    const [mail] = await server.waitForMessages(1);
    expect(mail?.user).toBe('leads');
    expect(server.authAttempts).toBe(1);
  });
});

describe('when the SMTP server does not take the message', () => {
  it('a wrong password fails for good with 535', async () => {
    server = await startSmtpServer({ auth: { user: 'leads', pass: 'right' } });

    const sending = send(server.url.replace(':right@', ':wrong@'), jobFor(documentedExample));

    await expect(sending).rejects.toBeInstanceOf(PermanentError);
    await expect(sending).rejects.toMatchObject({ details: { status: 535 } });
  });

  it('451 (try again later) is transient, and the error names no recipient', async () => {
    server = await startSmtpServer({ failWith: 'reject-temporary' });

    const error: unknown = await send(server.url, jobFor(documentedExample)).catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ details: { status: 451 } });
    expect((error as Error).message).toContain('451');
    expect((error as Error).message).not.toMatch(/@/);
  });

  it('550 (mailbox unavailable) fails for good, and the error names no recipient', async () => {
    server = await startSmtpServer({ failWith: 'reject-permanent' });

    const error: unknown = await send(server.url, jobFor(documentedExample)).catch((e) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ details: { status: 550 } });
    expect((error as Error).message).not.toMatch(/@/);
  });

  it('a server that is down is transient, and the lead goes out once it is back', async () => {
    server = await startSmtpServer();
    const job = jobFor(documentedExample);
    await server.setFailure('down');

    await expect(send(server.url, job)).rejects.toBeInstanceOf(TransientError);

    await server.setFailure('none');
    transport?.close();
    await send(server.url, job);
    await server.waitForMessages(1);
  });

  describe('a server that accepts the connection but never greets', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    beforeEach(async () => {
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('times out as transient instead of holding the delivery', async () => {
      const address = silent.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const started = Date.now();

      const sending = send(`smtp://127.0.0.1:${port}`, jobFor(documentedExample), {
        timeoutMs: 300,
      });

      await expect(sending).rejects.toBeInstanceOf(TransientError);
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  });
});

describe('an e-mail destination of the configuration file, against a server without STARTTLS', () => {
  const destination: EmailDestinationConfig = {
    name: 'sales-inbox',
    type: 'email',
    smtpUrlEnv: 'SMTP_URL',
    from: 'leads@publisher.example',
    to: ['sales@publisher.example'],
    cc: [],
  };
  let built: Destination | undefined;
  afterEach(async () => {
    await built?.close();
    built = undefined;
  });

  /** Delivers one lead as the worker would, with its environment and the file's destination. */
  async function deliver(env: Record<string, string>, config = destination) {
    if (!server) throw new Error('start the server first');
    [built] = buildDestinations([config], {
      env: { SMTP_URL: server.url },
      requestTimeoutMs: 2_000,
      dataverse: readWorkerProcessConfig(env).dataverse,
      smtpRequireTls: readWorkerProcessConfig(env).smtpRequireTls,
    });
    return built?.deliver(jobFor(documentedExample));
  }

  it('sends nothing unless SMTP_REQUIRE_TLS=false says it is a local relay', async () => {
    server = await startSmtpServer();

    await expect(deliver({})).rejects.toThrow(/refused STARTTLS/);
    expect(server.messages).toHaveLength(0);

    await built?.close();
    await expect(deliver({ SMTP_REQUIRE_TLS: 'false' })).resolves.toMatchObject({
      outcome: 'sent',
    });
    await server.waitForMessages(1);
  });

  it("follows the destination's own requireTls over SMTP_REQUIRE_TLS", async () => {
    server = await startSmtpServer();

    await expect(
      deliver({ SMTP_REQUIRE_TLS: 'false' }, { ...destination, requireTls: true }),
    ).rejects.toThrow(/refused STARTTLS/);
    await built?.close();
    await deliver({}, { ...destination, requireTls: false });

    const [mail] = await server.waitForMessages(1);
    expect(mail?.secure).toBe(false);
  });
});
