import { randomUUID } from 'node:crypto';
import {
  documentedExample,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@leadbridge/test-support';
import type { Queue } from 'bullmq';
import { createChatDestination, type ChatDestinationOptions } from '../src';
import { eventually, jobIn, startStack, type Stack } from './stack';

// A chat destination beside Dynamics, through the whole worker: its own queue, retries, throttle
// and failed list, and its wait for the Dynamics record it links to.
jest.setTimeout(45_000);

const TOKEN = `tok${randomUUID().replace(/-/g, '')}`;
const VARIABLE = 'SALES_TEAMS_WEBHOOK_URL';

let stack: Stack | undefined;
let receiver: WebhookReceiver | undefined;

afterEach(async () => {
  await stack?.close();
  await receiver?.close();
  stack = receiver = undefined;
});

/** The stack with a Teams chat destination `sales-teams` posting to a fresh receiver. */
async function startWithChat(
  options: { waitMs?: number; stack?: Parameters<typeof startStack>[0] } = {},
  chat: Partial<ChatDestinationOptions> = {},
) {
  receiver = await startWebhookReceiver();
  const destination = createChatDestination({
    name: 'sales-teams',
    format: 'teams',
    url: `${receiver.url}/workflows/${TOKEN}/triggers/manual?sig=${TOKEN}`,
    urlVariable: VARIABLE,
    settings: { personalData: [] },
    timeoutMs: 2_000,
    ...(options.waitMs !== undefined
      ? { waitFor: { destination: 'dynamics', maxWaitMs: options.waitMs } }
      : {}),
    ...chat,
  });
  stack = await startStack({ ...options.stack, extraDestinations: [destination] });
  const queue = stack.worker.destinations.get('sales-teams')?.queue as Queue;
  return { stack, receiver, queue };
}

type Card = {
  body: Array<{ type: string; facts?: Array<{ title: string; value: string }> }>;
  actions?: Array<{ type: string; title: string; url: string }>;
};

function cardOf(body: unknown): Card {
  return (body as { attachments: Array<{ content: Card }> }).attachments[0]?.content as Card;
}

function factsOf(body: unknown): Record<string, string> {
  const facts = cardOf(body).body.find((element) => element.type === 'FactSet')?.facts ?? [];
  return Object.fromEntries(facts.map(({ title, value }) => [title, value]));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a chat message that waits for the Dynamics 365 delivery', () => {
  it('is posted once the record is written, with a button that opens it in Dynamics 365', async () => {
    const { stack: s, receiver: r, queue } = await startWithChat({ waitMs: 30_000 });

    const id = await s.post(documentedExample);

    const [request] = await r.waitForRequests(1, 15_000);
    expect(s.sim.leads().some((record) => record.leadid === id)).toBe(true);
    const recordUrl = `${s.sim.url}/main.aspx?etn=lead&id=${id}&pagetype=entityrecord`;
    expect(cardOf(request?.body).actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Dynamics 365', url: recordUrl },
    ]);
    const dynamics = await jobIn(s, id, 'completed');
    expect(dynamics.returnvalue).toMatchObject({ recordId: id, recordUrl });
    const chat = await jobIn(s, id, 'completed', queue);
    expect(chat.returnvalue).toMatchObject({ outcome: 'sent', recordUrl, awaited: 'delivered' });
    await sleep(500);
    expect(r.requests).toHaveLength(1);
  });

  it('when Dynamics is down, is posted without the link once the longest wait has passed', async () => {
    const { stack: s, receiver: r } = await startWithChat({ waitMs: 2_000 });
    s.sim.faults.set({ outage: { status: 503 } });
    const started = Date.now();

    await s.post(documentedExample);

    const [request] = await r.waitForRequests(1, 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(cardOf(request?.body).actions).toBeUndefined();
    expect(factsOf(request?.body)['Dynamics 365']).toBe(
      'not written yet: delivery to dynamics is still retrying',
    );
  });

  it('when Dynamics refuses the lead for good, is posted at once, saying so', async () => {
    const { stack: s, receiver: r } = await startWithChat({ waitMs: 60_000 });
    s.sim.faults.set({ denyPrivilege: true });
    const started = Date.now();

    const id = await s.post(documentedExample);

    const [request] = await r.waitForRequests(1, 15_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    await jobIn(s, id, 'failed');
    expect(cardOf(request?.body).actions).toBeUndefined();
    expect(factsOf(request?.body)['Dynamics 365']).toBe('not written: delivery to dynamics failed');
  });

  it('for a lead Dynamics does not take, is posted at once, with nothing about Dynamics', async () => {
    const { stack: s, receiver: r } = await startWithChat({
      waitMs: 60_000,
      stack: { match: { offerId: ['fabrikam.app'] } },
    });

    await s.post(documentedExample);

    const [request] = await r.waitForRequests(1, 10_000);
    expect(factsOf(request?.body)['Dynamics 365']).toBeUndefined();
    expect(cardOf(request?.body).actions).toBeUndefined();
    expect(s.sim.leads()).toHaveLength(0);
  });
});

describe('a chat webhook that fails', () => {
  it('answering 503 is tried again until the channel takes the message, which is posted once', async () => {
    const { stack: s, receiver: r, queue } = await startWithChat();
    r.respondWith(503);

    const id = await s.post(documentedExample);

    await r.waitForRequests(2, 10_000);
    r.respondWith(200);
    const job = await jobIn(s, id, 'completed', queue);
    expect(job.attemptsMade).toBeGreaterThanOrEqual(2);
    const posted = r.requests.length;
    await sleep(1_000);
    expect(r.requests).toHaveLength(posted);
  });

  it('answering 429 with Retry-After 1 pauses the channel for a second and spends no attempt', async () => {
    const { stack: s, receiver: r, queue } = await startWithChat();
    r.respondWith(429, { 'Retry-After': '1' });

    const id = await s.post(documentedExample);

    await r.waitForRequests(1, 10_000);
    const throttledAt = Date.now();
    r.respondWith(200);
    await r.waitForRequests(2, 10_000);
    expect(Date.now() - throttledAt).toBeGreaterThanOrEqual(800);
    const job = await jobIn(s, id, 'completed', queue);
    expect(job.attemptsMade).toBe(1);
    expect(r.requests).toHaveLength(2);
  });

  it('answering 404 fails the message at once and keeps it, the reason naming the variable, never the URL', async () => {
    const { stack: s, receiver: r, queue } = await startWithChat();
    r.respondWith(404);

    const id = await s.post(documentedExample);

    const job = await jobIn(s, id, 'failed', queue);
    expect(job.failedReason).toBe(
      `webhook answered 404: no webhook at this URL: the workflow or webhook was deleted, or the channel archived; put a new URL in ${VARIABLE}`,
    );
    expect(job.attemptsMade).toBe(1);
    expect(r.requests).toHaveLength(1);
    expect(JSON.stringify(job.stacktrace)).not.toContain(TOKEN);
    await eventually(() => s.logs.text().includes('lead cannot be delivered'));
    expect(s.logs.text()).not.toContain(TOKEN);
    // Dynamics got its lead all the same.
    await jobIn(s, id, 'completed');
  });
});
