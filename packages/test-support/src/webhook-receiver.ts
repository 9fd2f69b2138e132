import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { waitForCount } from './wait-for-count';

/** One POST the receiver took, body parsed as JSON (or kept as text when it is not JSON). */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook`; any path is recorded. */
  url: string;
  /** Every request, including those answered with a failure status. */
  readonly requests: ReceivedWebhook[];
  /** Resolves once `count` requests arrived; rejects after `timeoutMs` (default 5 s). */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /**
   * The status (and headers, such as Retry-After) to answer from now on (200 at first), to play
   * a failing or throttling Slack or Teams.
   */
  respondWith(status: number, headers?: Readonly<Record<string, string>>): void;
  close(): Promise<void>;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An incoming-webhook endpoint like Slack's or Teams': records what is posted to it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const arrived = waitForCount(() => requests.length);
  let status = 200;
  let headers: Readonly<Record<string, string>> = {};

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        path: request.url ?? '/',
        headers: request.headers,
        body: parseBody(Buffer.concat(chunks).toString('utf8')),
      });
      arrived.changed();
      // Slack answers a bare "ok"; callers must not depend on more.
      response
        .writeHead(status, { ...headers, 'content-type': 'text/plain' })
        .end(status < 400 ? 'ok' : 'error');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    waitForRequests: (count, timeoutMs = 5_000) =>
      arrived.waitFor(count, timeoutMs, 'webhook requests').then(() => requests.slice(0, count)),
    respondWith(next, nextHeaders = {}) {
      status = next;
      headers = nextHeaders;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
