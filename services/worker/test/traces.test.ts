import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DESTINATION_NAME } from '@leadbridge/config';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { destinationQueueName } from '@leadbridge/lead-model';
import { createProducerConnection } from '@leadbridge/service-kit';
import {
  freePort,
  startOtlpReceiver,
  startScriptArgs,
  testRedisUrl,
  type OtlpReceiver,
  type ReceivedSpan,
} from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { eventually, SECRET } from './stack';

// The built services, started as `npm start -w …` and the containers start them.
const API = startScriptArgs(join(require.resolve('@leadbridge/api/package.json'), '..'));
const WORKER = startScriptArgs(join(__dirname, '..'));

// OTLP's span kinds.
const SERVER = 2;
const CLIENT = 3;

/** A lead whose every personal value is distinctive, so any copy of one in a span is found. */
const PERSONAL = {
  FirstName: 'Philippa',
  LastName: 'Quennell-Brightwater',
  Email: 'philippa.quennell@fabrikam-lumen.example',
  Phone: '+44 20 7946 0321',
  Company: 'Fabrikam Lumen Holdings',
  Title: 'Chief Lanternwright',
};
const DESCRIPTION = 'Wants a callback about the lantern migration';

function lead(suffix: string) {
  return {
    UserDetails: { ...PERSONAL, Email: `${suffix}.${PERSONAL.Email}`, Country: 'GB' },
    LeadSource: 'AzureMarketplace-INS|fabrikam.lanterns',
    OfferTitle: 'Lanterns',
    Description: `${DESCRIPTION} (${suffix})`,
  };
}

function run(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** The span's ancestors, nearest first, as far as the received spans reach. */
function ancestors(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(spans.map((item) => [item.spanId, item]));
  const chain: ReceivedSpan[] = [];
  for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) {
    chain.push(parent);
  }
  return chain;
}

// Two real processes, a real Redis and the simulator, and one throttled write: about 10 s.
jest.setTimeout(60_000);

describe('traces of a lead, from the POST to the Dataverse record', () => {
  let receiver: OtlpReceiver;
  let sim: Simulator;
  let redis: Redis;
  let deliveries: Queue;
  const children: ChildProcess[] = [];
  let spans: ReceivedSpan[];
  let written: string;
  let refused: string;
  let port: number;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    sim = await startSimulator();
    const prefix = `test-${randomUUID()}`;
    redis = createProducerConnection(testRedisUrl());
    deliveries = new Queue(destinationQueueName(DEFAULT_DESTINATION_NAME), {
      connection: redis,
      prefix,
    });
    const traces = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Nothing is sent before shutdown: every span received was flushed by the graceful stop.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    };
    const shared = { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, ...traces };
    port = await freePort();
    children.push(
      run(API, {
        ...shared,
        PORT: String(port),
        INGEST_SECRETS: SECRET,
        SPOOL_DIR: await mkdtemp(join(tmpdir(), 'traces-spool-')),
      }),
      run(WORKER, {
        ...shared,
        ...sim.env(),
        WORKER_HEALTH_PORT: '0',
        OTEL_SERVICE_NAME: 'leadbridge-worker-eu',
      }),
    );
    const post = async (body: object) => {
      // Sent again until the API listens; a busy machine may take seconds to start it.
      const response = await eventually(
        () =>
          fetch(`http://127.0.0.1:${port}/leads?code=${SECRET}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }).catch(() => undefined),
        20_000,
      );
      return ((await response.json()) as { id: string }).id;
    };

    // Dataverse throttles the first write: the lead is written on the attempt after.
    sim.faults.set({ throttle: { retryAfterSeconds: 1, remaining: 1 } });
    written = await post(lead('written'));
    await eventually(() => sim.leads().some((record) => record.leadid === written), 20_000);
    // A plug-in refuses the next one, quoting its e-mail address and phone number.
    sim.faults.set({ throttle: null, pluginRefuses: true });
    refused = await post(lead('refused'));
    await eventually(async () => (await deliveries.getJobState(refused)) === 'failed', 20_000);

    for (const child of children) child.kill('SIGTERM');
    const codes = await Promise.all(children.map(exitOf));
    expect(codes).toEqual([0, 0]);
    spans = receiver.spans();
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await deliveries?.obliterate({ force: true }).catch(() => undefined);
    await deliveries?.close();
    redis?.disconnect();
    await sim?.close();
    await receiver?.close();
  });

  /** Every span about one lead: named by its id, or BullMQ's job of it. */
  const spansOf = (leadId: string) =>
    spans.filter(
      (span) =>
        span.attributes['leadbridge.lead.id'] === leadId ||
        span.attributes['bullmq.job.id'] === leadId,
    );

  test('a lead is one trace: the POST, the queue, routing, each delivery attempt and the Dataverse requests', () => {
    const own = spansOf(written);
    const traceIds = new Set(own.map((span) => span.traceId));
    const post = own.find((span) => span.kind === SERVER);

    expect(traceIds.size).toBe(1);
    expect(post).toMatchObject({
      name: 'POST /leads',
      service: 'leadbridge-api',
      parentSpanId: '',
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/leads',
        'http.response.status_code': 202,
        'leadbridge.lead.outcome': 'accepted',
      },
    });
    const trace = spans.filter((span) => traceIds.has(span.traceId));
    const requests = trace.filter((span) => span.kind === CLIENT);
    expect(requests.map((span) => span.attributes['http.response.status_code'])).toEqual([
      429, 204,
    ]);
  });

  test('the Dataverse request that wrote the record ends the chain back to the POST, with its status', () => {
    const trace = spans.filter((span) => span.traceId === spansOf(written)[0]?.traceId);
    const last = trace.find(
      (span) => span.kind === CLIENT && span.attributes['dataverse.status'] === 'success',
    );
    if (!last) throw new Error('no successful Dataverse request span');
    const chain = [last, ...ancestors(last, trace)];

    expect(last).toMatchObject({
      name: 'PATCH /api/data/v9.2/leads({id})',
      service: 'leadbridge-worker-eu',
      attributes: {
        'http.request.method': 'PATCH',
        'http.response.status_code': 204,
        'url.full': `${sim.url}/api/data/v9.2/leads(${written})`,
      },
    });
    expect(chain.map((span) => `${span.service}: ${span.name}`)).toEqual([
      'leadbridge-worker-eu: PATCH /api/data/v9.2/leads({id})',
      `leadbridge-worker-eu: deliver ${DEFAULT_DESTINATION_NAME}`,
      `leadbridge-worker-eu: process ${destinationQueueName(DEFAULT_DESTINATION_NAME)}`,
      `leadbridge-worker-eu: add ${destinationQueueName(DEFAULT_DESTINATION_NAME)}.deliver`,
      'leadbridge-worker-eu: route lead',
      'leadbridge-worker-eu: process leadbridge-leads',
      'leadbridge-api: add leadbridge-leads.deliver-lead',
      'leadbridge-api: store lead',
      'leadbridge-api: POST /leads',
    ]);
    expect(chain[1]?.attributes).toMatchObject({
      'leadbridge.delivery.attempt': 1,
      'leadbridge.delivery.outcome': 'written',
      'leadbridge.destination.type': 'dataverse',
    });
    expect(chain[4]?.attributes['leadbridge.destinations']).toEqual([DEFAULT_DESTINATION_NAME]);
    expect(chain[7]?.attributes['leadbridge.lead.outcome']).toBe('accepted');
  });

  /** The Dataverse request an attempt made: a token asked for first is a child of it too. */
  const dataverseRequestUnder = (spanId: string | undefined) =>
    spans.find((span) => span.parentSpanId === spanId && 'dataverse.status' in span.attributes);

  test('the throttled attempt shows the 429, its Retry-After and the pause it caused', () => {
    const throttled = spansOf(written).find(
      (span) => span.attributes['leadbridge.delivery.outcome'] === 'throttled',
    );
    const request = dataverseRequestUnder(throttled?.spanId);

    expect(throttled?.attributes).toMatchObject({
      'leadbridge.delivery.failure': 'throttled',
      'leadbridge.delivery.status': 429,
      'leadbridge.retry_after_ms': 1000,
    });
    expect(throttled?.status.code).toBe(2);
    expect(request?.attributes).toMatchObject({
      'http.response.status_code': 429,
      'dataverse.status': 'throttled',
      'http.response.header.retry-after': ['1'],
    });
  });

  test('a refused lead ends its trace in a permanent failure with Dataverse status and code', () => {
    const attempt = spansOf(refused).find((span) => span.name.startsWith('deliver '));
    const request = dataverseRequestUnder(attempt?.spanId);

    expect(attempt?.attributes).toMatchObject({
      'leadbridge.delivery.outcome': 'failed',
      'leadbridge.delivery.failure': 'permanent',
      'leadbridge.delivery.status': 400,
      'leadbridge.delivery.error_code': '0x80040265',
    });
    expect(request?.attributes).toMatchObject({
      'http.response.status_code': 400,
      'dataverse.status': 'permanent',
      'dataverse.error.code': '0x80040265',
    });
  });

  test("BullMQ's own bookkeeping (fetching jobs, stalled checks, moving jobs) leaves no span", () => {
    const expected =
      /^(POST \/leads|store lead|route lead|deliver [a-z-]+|acquire token|(add|process) [a-z.-]+|(GET|PATCH) \/api\/data\/v9\.2\/\S+)$/;

    expect(spans.map((span) => span.name).filter((name) => !expected.test(name))).toEqual([]);
  });

  test('no span holds personal data, the secret or a query, though a refusal quoted them', () => {
    const sent = receiver.bodies.join('\n');
    const personal = [
      ...Object.values(PERSONAL),
      PERSONAL.Phone.replace(/\D/g, ''),
      DESCRIPTION,
      'written.philippa',
      'refused.philippa',
    ];

    expect(spans.length).toBeGreaterThan(20);
    expect(personal.filter((value) => sent.includes(value))).toEqual([]);
    expect(sent).not.toContain(SECRET);
    const urls = spans.map((span) => span.attributes['url.full']).filter(Boolean);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => typeof url !== 'string' || url.includes('?'))).toEqual([]);
  });
});
