import { randomUUID } from 'node:crypto';
import { createLogger } from '@leadbridge/service-kit';
import {
  LogCapture,
  startSmtpServer,
  startWebhookReceiver,
  testRedisUrl,
  type SmtpTestServer,
  type WebhookReceiver,
} from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import type { Alert } from '../src/alerts/alert';
import { createEmailAlertChannel, createWebhookAlertChannel } from '../src/alerts/alert-channels';
import { createAlerter, type Alerter } from '../src/alerts/alerter';
import { alerterFromConfig } from '../src/alerts/alerter-from-config';
import {
  createEmailTransport,
  type EmailTransport,
} from '../src/destinations/email/email-transport';

jest.setTimeout(15_000);

const EMAIL_ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]/;

let smtp: SmtpTestServer;
let webhook: WebhookReceiver;
let logs: LogCapture;
let keyPrefix: string;
const redisClients: Redis[] = [];
const transports: EmailTransport[] = [];

beforeEach(async () => {
  smtp = await startSmtpServer();
  webhook = await startWebhookReceiver();
  logs = new LogCapture();
  keyPrefix = `test-${randomUUID()}`; // each test owns its keys
});

afterEach(async () => {
  const [redis] = redisClients;
  if (redis) {
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  for (const client of redisClients.splice(0)) client.disconnect();
  for (const transport of transports.splice(0)) transport.close();
  await smtp.close();
  await webhook.close();
});

/** One worker process's alerter: its own Redis connection, SMTP transport and channels. */
function alerter(quietMs = 60_000): Alerter {
  const redis = new Redis(testRedisUrl());
  // The test server is plain SMTP on 127.0.0.1: a local relay, spoken to without TLS.
  const transport = createEmailTransport(smtp.url, { timeoutMs: 2_000, requireTls: false });
  redisClients.push(redis);
  transports.push(transport);
  return createAlerter({
    redis,
    keyPrefix,
    quietMs,
    logger: createLogger({ service: 'worker', stream: logs }),
    channels: [
      createEmailAlertChannel({
        transport,
        from: 'leadbridge@publisher.example',
        to: ['ops@publisher.example'],
      }),
      createWebhookAlertChannel({ url: webhook.url }),
    ],
  });
}

function failure(leadId: string, overrides: Partial<Alert> = {}): Alert {
  return {
    kind: 'delivery-failed',
    destination: 'sales-inbox',
    leadId,
    // What a mail server says about a lead's own address; it must never reach an operator.
    reason: `SMTP server refused the message at RCPT TO (550): 550 5.1.1 <customer-${leadId.slice(0, 8)}@contoso.com>: mailbox unavailable`,
    at: new Date().toISOString(),
    ...overrides,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('alerts about failed deliveries', () => {
  it('a storm of 50 failures from two worker processes sends one e-mail and one webhook post', async () => {
    const workers = [alerter(), alerter()];
    const leadIds = Array.from({ length: 50 }, () => randomUUID());

    const outcomes = await Promise.all(
      leadIds.map((leadId, index) => workers[index % 2]!.raise(failure(leadId))),
    );

    const [mail] = await smtp.waitForMessages(1);
    const [post] = await webhook.waitForRequests(1);
    await settle();
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    expect(webhook.requests).toHaveLength(1);
    const named = leadIds[outcomes.indexOf('sent')]!;
    expect(mail?.subject).toBe('Leadbridge: delivery to sales-inbox failed');
    expect(mail?.text).toContain(`Lead id: ${named}`);
    expect(mail?.text).toContain('550 5.1.1 <[redacted]>: mailbox unavailable');
    expect(post?.body).toMatchObject({
      text: expect.stringContaining(`(lead ${named})`),
      leadbridge: { kind: 'delivery-failed', destination: 'sales-inbox', leadId: named },
    });
    expect(mail?.raw).not.toMatch(/contoso/);
    expect(JSON.stringify(post?.body)).not.toMatch(EMAIL_ADDRESS);
    expect(logs.text()).not.toMatch(/contoso/);
  });

  it('another reason or another destination is another incident, with its own alert', async () => {
    const worker = alerter();
    await worker.raise(failure(randomUUID()));

    const otherReason = await worker.raise(
      failure(randomUUID(), { reason: 'Dataverse answered 401: token rejected' }),
    );
    const otherDestination = await worker.raise(failure(randomUUID(), { destination: 'crm-emea' }));

    expect([otherReason, otherDestination]).toEqual(['sent', 'sent']);
    await smtp.waitForMessages(3);
    await webhook.waitForRequests(3);
  });

  it('alerts again after the quiet window, counting those held back meanwhile', async () => {
    const worker = alerter(500);
    await worker.raise(failure(randomUUID()));
    for (let i = 0; i < 3; i += 1) await worker.raise(failure(randomUUID()));

    await new Promise((resolve) => setTimeout(resolve, 700));
    const later = await worker.raise(failure(randomUUID()));

    expect(later).toBe('sent');
    const [, mail] = await smtp.waitForMessages(2);
    const [, post] = await webhook.waitForRequests(2);
    expect(mail?.text).toContain('More alerts like it since the last one: 3');
    expect(post?.body).toMatchObject({
      text: expect.stringContaining('3 more like it since the last alert'),
    });
  });

  it('a failing webhook does not stop the e-mail, and is logged', async () => {
    webhook.respondWith(500);
    const leadId = randomUUID();

    const outcome = await alerter().raise(failure(leadId));

    expect(outcome).toBe('sent');
    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.text).toContain(`Lead id: ${leadId}`);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ message: 'alert channel failed', channel: 'webhook' }),
    );
  });

  it('a lead that matches no destination is one incident, whatever the lead', async () => {
    const worker = alerter();
    const reason = 'no destination matches this lead: it is kept here';

    const outcomes = await Promise.all(
      [randomUUID(), randomUUID()].map((leadId) =>
        worker.raise({ kind: 'unmatched', leadId, reason, at: new Date().toISOString() }),
      ),
    );

    expect(outcomes.sort()).toEqual(['sent', 'suppressed']);
    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.subject).toBe('Leadbridge: a lead matches no destination');
  });
});

describe('e-mail alerts of the configuration file, to a server without STARTTLS', () => {
  /** The alerter the worker builds from `alerts.email`, with SMTP_REQUIRE_TLS left unset. */
  function fromFile(requireTls: boolean | undefined): Alerter {
    const redis = new Redis(testRedisUrl());
    redisClients.push(redis);
    const email = {
      smtpUrlEnv: 'ALERT_SMTP_URL',
      from: 'leadbridge@publisher.example',
      to: ['ops@publisher.example'],
      ...(requireTls === undefined ? {} : { requireTls }),
    };
    return alerterFromConfig(
      { email, quietMinutes: 15, backlogThreshold: 1000 },
      {
        env: { ALERT_SMTP_URL: smtp.url },
        redis,
        prefix: keyPrefix,
        logger: createLogger({ service: 'worker', stream: logs }),
      },
    ).alerter;
  }

  it('are not sent in the clear, and the failure is logged', async () => {
    await fromFile(undefined).raise(failure(randomUUID()));

    await settle();
    expect(smtp.messages).toHaveLength(0);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ message: 'alert channel failed', channel: 'email' }),
    );
  });

  it('are sent to a local relay marked requireTls: false', async () => {
    await fromFile(false).raise(failure(randomUUID()));

    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.secure).toBe(false);
  });
});
