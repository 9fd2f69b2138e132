import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { createLogger } from '@leadbridge/service-kit';
import {
  LogCapture,
  startWebhookReceiver,
  testRedisUrl,
  type WebhookReceiver,
} from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import { failedDeliveryAlert } from './alert-fixture';
import { createWebhookAlertChannel, type AlertChannel } from '../src/alerts/alert-channels';
import { createAlerter } from '../src/alerts/alerter';

// A webhook is someone else's server on the internet: whatever it does, an alert must end soon,
// read little, go nowhere else, and never show the URL, which lets anyone post to the channel.
jest.setTimeout(15_000);

const TOKEN = `XoXb${randomUUID().replace(/-/g, '')}`;
const SIGNATURE = `sig${randomUUID().replace(/-/g, '')}`;

let server: Server | undefined;
let receiver: WebhookReceiver | undefined;
let redis: Redis | undefined;
let logs: LogCapture;

beforeEach(() => {
  logs = new LogCapture();
});

afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
  await receiver?.close();
  redis?.disconnect();
  server = receiver = redis = undefined;
});

/** A webhook server behaving as `handle` says; resolves with a URL holding secrets in path and query. */
async function webhookServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string> {
  server = createServer(handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://127.0.0.1:${port}/services/T0001/B0002/${TOKEN}?sig=${SIGNATURE}`;
}

/** Raises one alert through the alerter, as the worker does, with only this channel. */
async function raiseOn(channel: AlertChannel) {
  redis = new Redis(testRedisUrl());
  const alerter = createAlerter({
    redis,
    keyPrefix: `test-${randomUUID()}`,
    quietMs: 60_000,
    logger: createLogger({ service: 'worker', stream: logs }),
    channels: [channel],
  });
  const started = Date.now();
  await alerter.raise(failedDeliveryAlert());
  return { elapsedMs: Date.now() - started };
}

function failureLogged(): unknown {
  return logs.entries().find((entry) => entry.message === 'alert channel failed')?.reason;
}

function expectNoSecretIn(text: string): void {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(SIGNATURE);
  expect(text).not.toContain('T0001/B0002');
}

describe('an alert webhook that', () => {
  it('never answers is given up after the timeout, and the log names no URL', async () => {
    const url = await webhookServer(() => undefined);

    const { elapsedMs } = await raiseOn(createWebhookAlertChannel({ url, timeoutMs: 300 }));

    expect(elapsedMs).toBeLessThan(2_000);
    expect(failureLogged()).toMatch(/webhook did not answer within 300 ms/);
    expectNoSecretIn(logs.text());
  });

  it('answers one byte at a time forever is still given up after the timeout', async () => {
    const url = await webhookServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => response.write('.'), 50);
      response.on('close', () => clearInterval(drip));
    });

    const { elapsedMs } = await raiseOn(createWebhookAlertChannel({ url, timeoutMs: 500 }));

    expect(elapsedMs).toBeLessThan(2_500);
    expect(failureLogged()).toMatch(/webhook did not answer within 500 ms/);
    expectNoSecretIn(logs.text());
  });

  it('redirects elsewhere is not followed: nothing reaches the other server', async () => {
    receiver = await startWebhookReceiver();
    const elsewhere = receiver.url;
    const url = await webhookServer((_request, response) => {
      response.writeHead(307, { location: elsewhere }).end();
    });

    await raiseOn(createWebhookAlertChannel({ url }));

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(0);
    expect(failureLogged()).toMatch(/webhook answered 307: a redirect, which is not followed/);
    expectNoSecretIn(logs.text());
  });

  it('answers with a 16 MiB body is cut off after the first 64 KiB', async () => {
    let written = 0;
    const total = 16 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const url = await webhookServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const pump = () => {
        while (written < total && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });

    await raiseOn(createWebhookAlertChannel({ url }));

    expect(failureLogged()).toMatch(/webhook's answer is over 65536 bytes/);
    expect(written).toBeLessThan(total);
    expectNoSecretIn(logs.text());
  });

  it('fails raises an error that holds no part of its URL, whatever the failure', async () => {
    const url = await webhookServer((_request, response) => {
      response.writeHead(500).end('internal error');
    });
    const message = { title: 'Leadbridge', summary: 'delivery failed', lines: [] };
    const send = (to: string) =>
      createWebhookAlertChannel({ url: to })
        .send(failedDeliveryAlert(), message)
        .then(
          () => new Error('sent'),
          (error: unknown) => error,
        );

    const answered = await send(url);
    const unreachable = await send(url.replace(/:\d+\//, ':1/'));

    expect(String(answered)).toMatch(/webhook answered 500/);
    expect(String(unreachable)).toMatch(/webhook request failed \(ECONNREFUSED\)/);
    for (const error of [answered, unreachable]) {
      expectNoSecretIn(inspect(error, { depth: 10, showHidden: true }));
    }
  });
});
