import { lookupLead } from '@leadbridge/api';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { createLogger } from '@leadbridge/service-kit';
import {
  documentedExample,
  startSmtpServer,
  startWebhookReceiver,
  testRedisUrl,
  type SmtpTestServer,
  type WebhookReceiver,
} from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import {
  createDataverseDelivery,
  createDataverseDestination,
  createEmailDestination,
  DEFAULT_POLICIES,
  UNMATCHED_REASON,
} from '../src';
import { createEmailAlertChannel, createWebhookAlertChannel } from '../src/alerts/alert-channels';
import { createAlerter } from '../src/alerts/alerter';
import { createEmailTransport } from '../src/destinations/email/email-transport';
import { compileMapping } from '@leadbridge/lead-model/mapping';
import { eventually, jobIn, startStack, type Stack } from './stack';

// One lead, several destinations: each has its own queue, retries and failed list, so one
// destination's trouble never delays or repeats another's delivery.
jest.setTimeout(45_000);

let stack: Stack | undefined;
let smtp: SmtpTestServer | undefined;
let webhook: WebhookReceiver | undefined;
let otherOrg: Simulator | undefined;
let redis: Redis | undefined;

afterEach(async () => {
  await stack?.close();
  await smtp?.close();
  await webhook?.close();
  await otherOrg?.close();
  redis?.disconnect();
  stack = smtp = webhook = otherOrg = redis = undefined;
});

const lead = (offer: string, n: number) => ({
  ...documentedExample,
  LeadSource: `AzureMarketplace-INS|${offer}`,
  Description: `lead ${n}`,
});

function emailDestination(server: SmtpTestServer) {
  // The test server is plain SMTP on 127.0.0.1: a local relay, spoken to without TLS.
  return createEmailDestination({
    name: 'sales-email',
    transport: createEmailTransport(server.url, { timeoutMs: 2_000, requireTls: false }),
    settings: { from: 'Leadbridge <leads@contoso.example>', to: ['sales@contoso.example'] },
  });
}

describe('two Dynamics orgs in two tenants', () => {
  it('each receive the leads of their own offers, and a lead no one takes is kept', async () => {
    otherOrg = await startSimulator();
    const { dataverse, tokens } = createDataverseDelivery(
      {
        dataverseUrl: otherOrg.url,
        authorityHost: otherOrg.url,
        tenantId: otherOrg.tenantId,
        clientId: otherOrg.clientId,
        credential: { kind: 'secret', clientSecret: otherOrg.clientSecret },
        maxConcurrency: 4,
        requestTimeoutMs: 5_000,
      },
      { ca: otherOrg.caCertPem },
    );
    const fabrikam = createDataverseDestination({
      name: 'fabrikam',
      match: { offerId: ['fabrikam.app'] },
      dataverse,
      tokens,
      mapping: compileMapping().mapping,
      policies: DEFAULT_POLICIES,
      concurrency: 4,
      rateLimit: { max: 100, durationMs: 1_000 },
    });
    stack = await startStack({
      match: { offerId: ['contoso.widget'] },
      extraDestinations: [fabrikam],
    });
    expect(otherOrg.tenantId).not.toBe(stack.sim.tenantId);

    const contosoIds = [];
    const fabrikamIds = [];
    for (let n = 0; n < 3; n++) contosoIds.push(await stack.post(lead('contoso.widget', n)));
    for (let n = 0; n < 2; n++) fabrikamIds.push(await stack.post(lead('fabrikam.app', n)));
    const stray = await stack.post(lead('northwind.tool', 0));

    await eventually(() => stack?.sim.leads().length === 3 && otherOrg?.leads().length === 2);
    expect(
      stack.sim
        .leads()
        .map((record) => record.leadid)
        .sort(),
    ).toEqual(contosoIds.sort());
    expect(
      otherOrg
        .leads()
        .map((record) => record.leadid)
        .sort(),
    ).toEqual(fabrikamIds.sort());
    const unmatched = await jobIn(stack, stray, 'failed', stack.worker.queue);
    expect(unmatched.failedReason).toBe(UNMATCHED_REASON);
    expect(unmatched.data.leadId).toBe(stray);
  });
});

describe('an e-mail destination beside Dynamics', () => {
  it('sends one notification per lead to a real SMTP server, and Dynamics gets the record', async () => {
    smtp = await startSmtpServer();
    stack = await startStack({ extraDestinations: [emailDestination(smtp)] });

    const id = await stack.post(documentedExample);

    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.to).toEqual(['sales@contoso.example']);
    expect(mail?.subject).toContain('Test Microsoft');
    expect(mail?.text).toContain('someone@contoso.com');
    expect(mail?.headers.get('x-leadbridge-lead-id')).toBe(id);
    await eventually(() => stack?.sim.leads().some((record) => record.leadid === id));
  });

  it('the lead lookup shows where the lead went: the Dynamics record and the e-mail', async () => {
    smtp = await startSmtpServer();
    stack = await startStack({ extraDestinations: [emailDestination(smtp)] });
    redis = new Redis(testRedisUrl());
    const s = stack;
    const queues = [...s.worker.destinations.values()].map((runner) => runner.queue);

    const id = await s.post(documentedExample);

    const status = await eventually(async () => {
      const found = await lookupLead(s.worker.queue, queues, redis as Redis, id);
      return found?.state === 'delivered' ? found : undefined;
    });
    expect(status.routing).toEqual({ state: 'completed', routedTo: ['dynamics', 'sales-email'] });
    expect(status.deliveries).toEqual([
      expect.objectContaining({
        destination: 'dynamics',
        state: 'completed',
        result: expect.objectContaining({ outcome: 'written', recordId: id }),
      }),
      expect.objectContaining({
        destination: 'sales-email',
        state: 'completed',
        result: expect.objectContaining({
          outcome: 'sent',
          messageId: expect.stringContaining(id),
        }),
      }),
    ]);
    expect(JSON.stringify(status)).not.toContain('someone@contoso.com');
  });

  it('an SMTP outage neither delays nor repeats the Dynamics write, and the e-mail goes once it is back', async () => {
    smtp = await startSmtpServer({ failWith: 'reject-temporary' });
    stack = await startStack({ extraDestinations: [emailDestination(smtp)] });

    const id = await stack.post(documentedExample);

    await jobIn(stack, id, 'completed');
    const emails = stack.worker.destinations.get('sales-email')?.queue;
    if (!emails) throw new Error('no e-mail queue');
    await eventually(async () => ((await emails.getJob(id))?.attemptsMade ?? 0) >= 1);
    expect(smtp.messages).toHaveLength(0);

    await smtp.setFailure('none');

    await smtp.waitForMessages(1, 15_000);
    await jobIn(stack, id, 'completed', emails);
    expect(smtp.messages).toHaveLength(1);
    expect(stack.sim.leads()).toHaveLength(1);
  });

  it('a Dataverse outage and 429s never re-send the e-mail, and the record lands once Dataverse is back', async () => {
    smtp = await startSmtpServer();
    stack = await startStack({ extraDestinations: [emailDestination(smtp)] });
    stack.sim.faults.set({
      outage: { status: 503, durationMs: 2_000 },
      throttle: { retryAfterSeconds: 1, remaining: 2 },
    });

    const id = await stack.post(documentedExample);

    await smtp.waitForMessages(1);
    expect(stack.sim.leads()).toHaveLength(0);
    await jobIn(stack, id, 'completed');
    expect(stack.sim.leads()).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('failure alerts', () => {
  it('a storm of failures for good sends one alert, by e-mail and webhook, naming a lead and the reason', async () => {
    smtp = await startSmtpServer();
    webhook = await startWebhookReceiver();
    redis = new Redis(testRedisUrl());
    const alerter = createAlerter({
      redis,
      keyPrefix: `alerts-${Date.now()}`,
      channels: [
        createEmailAlertChannel({
          transport: createEmailTransport(smtp.url, { requireTls: false }),
          from: 'Leadbridge <alerts@contoso.example>',
          to: ['ops@contoso.example'],
        }),
        createWebhookAlertChannel({ url: webhook.url }),
      ],
      quietMs: 60_000,
      logger: createLogger({ service: 'worker', level: 'error' }),
    });
    stack = await startStack({ alerts: alerter });
    // The application user lost its role: every write fails for good with a 403.
    stack.sim.faults.set({ denyPrivilege: true });

    const ids = [];
    for (let n = 0; n < 20; n++) ids.push(await stack.post(lead('contoso.widget', n)));
    for (const id of ids) await jobIn(stack, id, 'failed');
    await smtp.waitForMessages(1);
    await webhook.waitForRequests(1);
    // Give any stray second alert the time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(smtp.messages).toHaveLength(1);
    expect(webhook.requests).toHaveLength(1);
    const body = webhook.requests[0]?.body as {
      text: string;
      leadbridge: { leadId: string; reason: string };
    };
    expect(ids).toContain(body.leadbridge.leadId);
    expect(body.leadbridge.reason).toMatch(/403/);
    const everything = JSON.stringify(body) + (smtp.messages[0]?.text ?? '');
    expect(everything).not.toContain('someone@contoso.com');
    expect(everything).not.toContain('16175555555');
    expect(smtp.messages[0]?.to).toEqual(['ops@contoso.example']);
  });
});
