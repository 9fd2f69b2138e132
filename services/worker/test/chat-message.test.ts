import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import {
  describeOrigin,
  contentKeyFor,
  parseLead,
  type DestinationJobData,
} from '@leadbridge/lead-model';
import {
  documentedExample,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@leadbridge/test-support';
import { PermanentError, ThrottledError, TransientError } from '../src/delivery/delivery-errors';
import type { DeliveryContext } from '../src/delivery/destination';
import {
  createChatDestination,
  type ChatDestinationOptions,
} from '../src/destinations/chat/chat-destination';
import { SLACK_LIMITS } from '../src/destinations/chat/slack-message';
import { buildDestinations } from '../src/destinations/registry';
import { TEAMS_CARD_VERSION } from '../src/destinations/chat/teams-card';

// Each scenario posts to a real HTTP receiver on 127.0.0.1, as to a Teams or Slack webhook.
jest.setTimeout(15_000);

const TOKEN = `tok${randomUUID().replace(/-/g, '')}`;
const VARIABLE = 'SALES_CHAT_WEBHOOK_URL';
/** What the customer is, in the documented example: none of it may reach a channel by default. */
const PERSONAL = [
  'someone@contoso.com',
  '16175555555',
  'Some',
  'Contoso',
  'Esquire',
  'Power Automate',
];

let receiver: WebhookReceiver | undefined;
let silent: Server | undefined;

afterEach(async () => {
  await receiver?.close();
  if (silent) {
    silent.closeAllConnections();
    await new Promise((resolve) => silent?.close(resolve));
  }
  receiver = silent = undefined;
});

function jobFor(body: object): DestinationJobData {
  const parsed = parseLead(body);
  if (!parsed.ok) throw new Error('fixture must be a valid lead');
  return {
    leadId: contentKeyFor(parsed.lead),
    requestId: 'request-1',
    receivedAt: '2025-01-02T03:04:05.000Z',
    rawBody: JSON.stringify(body),
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
    destination: 'sales-chat',
  };
}

/** Posts one lead as a destination of `format` would, and returns the body the webhook got. */
async function post(
  format: 'teams' | 'slack',
  options: Partial<ChatDestinationOptions> & { lead?: object; context?: DeliveryContext } = {},
) {
  receiver = await startWebhookReceiver();
  const destination = createChatDestination({
    name: 'sales-chat',
    format,
    url: `${receiver.url}/T000/B000/${TOKEN}`,
    urlVariable: VARIABLE,
    settings: { personalData: [] },
    timeoutMs: 2_000,
    ...options,
  });
  const job = jobFor(options.lead ?? documentedExample);
  const report = await destination.deliver(job, options.context);
  const [request] = await receiver.waitForRequests(1);
  return { body: request?.body as Record<string, unknown>, report, job, request };
}

type Card = {
  type: string;
  version: string;
  body: Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>;
  actions?: Array<{ type: string; title: string; url: string }>;
};

function cardOf(body: Record<string, unknown>): Card {
  const [attachment] = body.attachments as Array<{ content: Card }>;
  return attachment?.content as Card;
}

function factsOf(card: Card): Record<string, string> {
  const factSet = card.body.find((element) => element.type === 'FactSet');
  return Object.fromEntries((factSet?.facts ?? []).map(({ title, value }) => [title, value]));
}

type Block = {
  type: string;
  text?: { type: string; text: string };
  fields?: Array<{ type: string; text: string }>;
  elements?: Array<{ type: string; text: { text: string }; url: string }>;
};

describe('a lead posted to a Teams Workflows webhook', () => {
  it('arrives as a message with one Adaptive Card 1.4: title, facts of the lead, and no personal data', async () => {
    const { body, report, job, request } = await post('teams');

    expect(request?.path).toBe(`/hook/T000/B000/${TOKEN}`);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(body).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: expect.objectContaining({
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
          }),
        },
      ],
    });
    const card = cardOf(body);
    expect(card.version).toBe(TEAMS_CARD_VERSION);
    expect(TEAMS_CARD_VERSION).toBe('1.4');
    expect(card.body[0]).toEqual({
      type: 'TextBlock',
      text: 'New lead: Test Microsoft – Get it now / install (INS)',
      size: 'Medium',
      weight: 'Bolder',
      wrap: true,
    });
    expect(factsOf(card)).toEqual({
      Offer: 'Test Microsoft',
      Action: 'Get it now / install',
      Source: 'AzureMarketplace',
      Country: 'USA',
      Received: job.receivedAt,
      'Lead id': job.leadId,
    });
    expect(card.actions).toBeUndefined();
    const text = JSON.stringify(body);
    for (const personal of PERSONAL) expect(text).not.toContain(personal);
    expect(report).toEqual({
      outcome: 'sent',
      message: 'message posted to the Teams channel',
      details: { format: 'teams' },
    });
  });

  it('shows the name, company, e-mail, phone and description when the configuration asks for them', async () => {
    const { body, report } = await post('teams', {
      settings: {
        title: '{FullName} ({UserDetails.Company}) wants {OfferTitle}',
        text: 'Call {UserDetails.Phone} today',
        personalData: ['name', 'company', 'email', 'phone', 'description'],
      },
    });

    const card = cardOf(body);
    expect(card.body[0]?.text).toBe('Some One (Contoso) wants Test Microsoft');
    expect(card.body[1]).toEqual({ type: 'TextBlock', text: 'Call 16175555555 today', wrap: true });
    expect(factsOf(card)).toMatchObject({
      Name: 'Some One',
      Company: 'Contoso',
      Email: 'someone@contoso.com',
      Phone: '16175555555',
    });
    expect(factsOf(card)['Job title']).toBeUndefined();
    expect(card.body.at(-1)).toMatchObject({
      type: 'TextBlock',
      text: 'Test run through Power Automate',
    });
    // Kept with the job, so that erasing the customer's data says which message to delete.
    expect(report.details.personalData).toEqual([
      'name',
      'company',
      'email',
      'phone',
      'description',
    ]);
  });

  it('shows a customer\'s "**urgent** [click](x)" as typed, not as Markdown', async () => {
    const { body } = await post('teams', {
      lead: {
        ...documentedExample,
        UserDetails: { ...documentedExample.UserDetails, Company: '**urgent** [click](x) - _now_' },
      },
      settings: { personalData: ['company'] },
    });

    expect(factsOf(cardOf(body)).Company).toBe('\\*\\*urgent\\*\\* \\[click\\](x) - \\_now\\_');
  });

  it('carries a button to the Dynamics 365 record once the Dataverse delivery wrote it', async () => {
    const recordUrl = `https://contoso.crm.dynamics.com/main.aspx?etn=lead&id=${randomUUID()}&pagetype=entityrecord`;
    const { body, report } = await post('teams', {
      context: {
        awaited: { destination: 'contoso-dynamics', state: 'delivered', result: { recordUrl } },
      },
    });

    expect(cardOf(body).actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Dynamics 365', url: recordUrl },
    ]);
    expect(report.details).toEqual({ format: 'teams', recordUrl, awaited: 'delivered' });
  });
});

describe('a lead posted to a Slack incoming webhook', () => {
  it('arrives as Block Kit: a fallback text, a header and the facts as fields, no personal data', async () => {
    const { body, job } = await post('slack');

    const blocks = body.blocks as Block[];
    expect(body.text).toBe('New lead: Test Microsoft – Get it now / install (INS)');
    expect(blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: 'New lead: Test Microsoft – Get it now / install (INS)',
        emoji: false,
      },
    });
    expect(blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Offer*\nTest Microsoft', verbatim: true },
        { type: 'mrkdwn', text: '*Action*\nGet it now / install', verbatim: true },
        { type: 'mrkdwn', text: '*Source*\nAzureMarketplace', verbatim: true },
        { type: 'mrkdwn', text: '*Country*\nUSA', verbatim: true },
        { type: 'mrkdwn', text: `*Received*\n${job.receivedAt}`, verbatim: true },
        { type: 'mrkdwn', text: `*Lead id*\n${job.leadId}`, verbatim: true },
      ],
    });
    expect(blocks).toHaveLength(2);
    const text = JSON.stringify(body);
    for (const personal of PERSONAL) expect(text).not.toContain(personal);
  });

  it('escapes &, < and > so "<!channel> Smith & Sons" pings no one, and keeps within Slack\'s limits', async () => {
    const longName = 'W'.repeat(400);
    const { body } = await post('slack', {
      lead: {
        ...documentedExample,
        OfferTitle: longName,
        Description: '<!channel> & '.repeat(400),
        UserDetails: { ...documentedExample.UserDetails, Company: '<!channel> Smith & Sons' },
        // Fields Microsoft may add: Leadbridge keeps them as Extra.<key>.
        ...Object.fromEntries(Array.from({ length: 8 }, (_, n) => [`Field${n}`, 'x'.repeat(3000)])),
      },
      settings: { personalData: ['company', 'description', 'extra'] },
    });

    const blocks = body.blocks as Block[];
    const header = blocks[0]?.text?.text ?? '';
    expect(header.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    expect(header.endsWith('…')).toBe(true);
    const fields = blocks.flatMap((block) => block.fields ?? []);
    expect(blocks.every((block) => (block.fields?.length ?? 0) <= 10)).toBe(true);
    expect(fields.length).toBeGreaterThan(10);
    for (const { text } of fields) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
    expect(fields.find(({ text }) => text.startsWith('*Company*'))?.text).toBe(
      '*Company*\n&lt;!channel&gt; Smith &amp; Sons',
    );
    const description = blocks.find((block) => block.text?.text.startsWith('*Description*'));
    expect(description?.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    // Cut between entities, never inside one.
    expect(description?.text?.text).toMatch(
      /^\*Description\*\n(&lt;!channel&gt; &amp; )+(&lt;!channel&gt; ?|&lt;!channel|&lt;|)…$/,
    );
    expect(JSON.stringify(body)).not.toContain('<!channel>');
  });

  it('carries a button to the Dynamics 365 record', async () => {
    const recordUrl = `https://contoso.crm.dynamics.com/main.aspx?etn=lead&id=${randomUUID()}&pagetype=entityrecord`;
    const { body } = await post('slack', {
      context: { awaited: { destination: 'crm', state: 'delivered', result: { recordUrl } } },
    });

    expect((body.blocks as Block[]).at(-1)).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in Dynamics 365' },
          url: recordUrl,
          action_id: 'open-dynamics-365-record',
        },
      ],
    });
  });
});

describe('a chat webhook that refuses or fails', () => {
  async function failureFor(status: number, headers: Record<string, string> = {}) {
    receiver = await startWebhookReceiver();
    receiver.respondWith(status, headers);
    const destination = createChatDestination({
      name: 'sales-chat',
      format: 'slack',
      url: `${receiver.url}/T000/B000/${TOKEN}?sig=${TOKEN}`,
      urlVariable: VARIABLE,
      settings: { personalData: [] },
      timeoutMs: 2_000,
    });
    return destination.deliver(jobFor(documentedExample)).then(
      () => {
        throw new Error('the post was taken');
      },
      (error: unknown) => error as Error,
    );
  }

  it.each([400, 403, 404, 410])(
    'answering %i fails the message for good, naming the variable and never the URL',
    async (status) => {
      const error = await failureFor(status);

      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toMatch(new RegExp(`^webhook answered ${status}: `));
      expect(`${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`).not.toContain(TOKEN);
      if (status === 404) expect(error.message).toContain(`put a new URL in ${VARIABLE}`);
    },
  );

  it('answering 500 or 502 is tried again later', async () => {
    expect(await failureFor(500)).toBeInstanceOf(TransientError);
    await receiver?.close();
    expect(await failureFor(502)).toBeInstanceOf(TransientError);
  });

  it('answering 429 with Retry-After 7 asks to wait 7 s', async () => {
    const error = await failureFor(429, { 'Retry-After': '7' });

    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(7_000);
  });

  it('not answering within the timeout is tried again later, and says how long it waited', async () => {
    silent = createServer(() => undefined); // takes the request, never answers
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const destination = createChatDestination({
      name: 'sales-chat',
      format: 'teams',
      url: `http://127.0.0.1:${port}/workflows/${TOKEN}`,
      urlVariable: VARIABLE,
      settings: { personalData: [] },
      timeoutMs: 300,
    });

    const error = await destination
      .deliver(jobFor(documentedExample))
      .catch((e: unknown) => e as Error);

    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe('webhook did not answer within 300 ms');
  });
});

describe('a chat destination built from the configuration file', () => {
  const config = {
    name: 'sales-chat',
    type: 'chat',
    format: 'teams',
    urlEnv: VARIABLE,
    personalData: [],
  } as const;
  const build = (env: Record<string, string>) =>
    buildDestinations([config], {
      env,
      requestTimeoutMs: 1_000,
      dataverse: { authorityHost: '', maxConcurrency: 1, rateLimit: { max: 1, durationMs: 1 } },
    });

  it('stops the worker, naming the variable and not its value, when the URL is not https', () => {
    expect(() => build({ [VARIABLE]: `http://contoso.example/hook/${TOKEN}` })).toThrow(
      `${VARIABLE} must be an https:// URL (required by destination sales-chat)`,
    );
    expect(() => build({})).toThrow(
      `${VARIABLE} is required by destination sales-chat but not set`,
    );
  });

  it('takes an https URL, and plain http only on this machine', () => {
    expect(build({ [VARIABLE]: `https://contoso.example/hook/${TOKEN}` })[0]).toMatchObject({
      name: 'sales-chat',
      type: 'chat',
      concurrency: 1,
    });
    expect(build({ [VARIABLE]: `http://127.0.0.1:8080/hook/${TOKEN}` })).toHaveLength(1);
  });
});
