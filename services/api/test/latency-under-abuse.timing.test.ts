import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { documentedExample } from '@leadbridge/test-support';
import { SECRET, startApi, type ApiUnderTest } from './harness';

// Anyone can send a long path or a long header before any secret is checked, and every request
// is logged. What a lead POST waits for while such requests arrive is measured here against the
// same POST on a quiet server, round after round, so a slow minute on a shared machine does not
// decide the verdict.
jest.setTimeout(300_000);

const ROUNDS = 5;
/** Measurements tried before the verdict is that the abuse slows lead POSTs. */
const ATTEMPTS = 3;
const POSTS_PER_PHASE = 15;
/** Lead POSTs are this far apart, so a noisy phase lasts long enough for the abuse to pile up. */
const POST_SPACING_MS = 20;
/** Abusive requests started per second, in all, while a noisy phase lasts. */
const ABUSE_PER_SECOND = 200;
const MAX_ABUSE_IN_FLIGHT = 16;
/** How much slower the median lead POST may be while the abuse goes on. */
const ALLOWED_EXTRA_MS = 5;

const LONG_PATH = `/${'a'.repeat(16_000)}`;
const LONG_HEADER = 'b'.repeat(8_000);
const HUGE_DESCRIPTION = JSON.stringify({ ...documentedExample, Description: 'c'.repeat(65_536) });

interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const ABUSE: readonly Sent[] = [
  { method: 'GET', path: LONG_PATH },
  { method: 'POST', path: `/leads${LONG_PATH}?code=${SECRET}`, body: '{}' },
  {
    method: 'GET',
    path: '/healthz',
    headers: { 'User-Agent': LONG_HEADER, 'X-Request-Id': LONG_HEADER },
  },
  {
    method: 'POST',
    path: `/leads?code=${SECRET}`,
    headers: { 'X-Abuse': LONG_HEADER },
    body: '{}',
  },
  { method: 'POST', path: `/leads?code=${SECRET}`, body: HUGE_DESCRIPTION },
];

let api: ApiUnderTest;
let server: Server;
let port: number;

beforeAll(async () => {
  api = startApi();
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.close();
  await api.close();
});

function send(agent: Agent, sent: Sent): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = sent.body === undefined ? undefined : Buffer.from(sent.body);
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: sent.method,
        path: sent.path,
        headers: {
          ...sent.headers,
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : {}),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    // The server may answer a body it refuses (413) before reading it, and close the socket.
    request.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(0) : reject(error),
    );
    request.end(body);
  });
}

let leadNumber = 0;

/** One new lead's POST; its time from the first byte sent to the last byte of the answer. */
async function timedLeadPost(agent: Agent): Promise<number> {
  const n = leadNumber++;
  const lead = {
    ...documentedExample,
    UserDetails: { ...documentedExample.UserDetails, Email: `lead-${n}@contoso.com` },
  };
  const started = process.hrtime.bigint();
  const status = await send(agent, {
    method: 'POST',
    path: `/leads?code=${SECRET}`,
    body: JSON.stringify(lead),
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  expect(status).toBe(202);
  return elapsedMs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function medianLeadPost(agent: Agent): Promise<number> {
  const times: number[] = [];
  for (let n = 0; n < POSTS_PER_PHASE; n++) {
    const elapsedMs = await timedLeadPost(agent);
    times.push(elapsedMs);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, POST_SPACING_MS - elapsedMs)));
  }
  return median(times);
}

/** Sends the abusive shapes in turn at a steady pace until stopped; resolves once all answered. */
function startAbuse(): { stop(): Promise<void>; sent(): number } {
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_ABUSE_IN_FLIGHT });
  const inFlight = new Set<Promise<unknown>>();
  let count = 0;
  const timer = setInterval(() => {
    if (inFlight.size >= MAX_ABUSE_IN_FLIGHT) return;
    const sending = send(agent, ABUSE[count++ % ABUSE.length] as Sent);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  }, 1_000 / ABUSE_PER_SECOND);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      agent.destroy();
    },
    sent: () => count,
  };
}

/** Rounds of a quiet phase then a noisy one: how much slower the noisy phases' POSTs were. */
async function measure(agent: Agent): Promise<{ extra: number; report: string; abusive: number }> {
  const quiet: number[] = [];
  const noisy: number[] = [];
  let abusive = 0;
  for (let round = 0; round < ROUNDS; round++) {
    quiet.push(await medianLeadPost(agent));
    const abuse = startAbuse();
    await new Promise((resolve) => setTimeout(resolve, 50));
    noisy.push(await medianLeadPost(agent));
    await abuse.stop();
    abusive += abuse.sent();
  }
  const show = (phases: number[]) => phases.map((ms) => ms.toFixed(1)).join('/');
  return {
    extra: median(noisy) - median(quiet),
    report: `phase medians quiet ${show(quiet)} ms, noisy ${show(noisy)} ms; ${abusive} abusive requests`,
    abusive,
  };
}

describe('a lead POST while others send long paths, long headers and 64 KiB descriptions', () => {
  it(`takes at most ${ALLOWED_EXTRA_MS} ms longer (median) than on a quiet server`, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let n = 0; n < 20; n++) await timedLeadPost(agent); // warm-up

    // A blocked event loop slows every attempt by far more than the bound; a machine busy with
    // other suites slows one now and then. So the bound must hold in one of a few attempts.
    const attempts: string[] = [];
    let abusive = 0;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const measured = await measure(agent);
      abusive += measured.abusive;
      if (measured.extra < ALLOWED_EXTRA_MS) break;
      attempts.push(`${measured.extra.toFixed(1)} ms more: ${measured.report}`);
    }
    agent.destroy();

    expect(attempts.length < ATTEMPTS ? 'within bounds' : attempts.join('\n')).toBe(
      'within bounds',
    );
    // The abuse did reach the server, and it was logged (bounded) like any request.
    expect(abusive).toBeGreaterThan(ROUNDS * 10);
    const longest = Math.max(...api.logs.lines.map((line) => line.length));
    expect(longest).toBeLessThan(4_096);
  });
});
