import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_DESTINATION_NAME as CRM } from '@leadbridge/config';
import {
  createLeadActivityReader,
  type LeadActivityReader,
  type TimelineEvent,
} from '@leadbridge/lead-activity';
import { createProducerConnection, type RedisConnection } from '@leadbridge/service-kit';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import { runCli } from './run-cli';
import { eventually, jobIn, startStack, type Stack, type StackOptions } from './stack';

// What the leads pages show of each lead, recorded by the real worker on its way to the simulator.
jest.setTimeout(45_000);

const FORGET_CLI = join(
  dirname(require.resolve('@leadbridge/api/package.json')),
  'dist',
  'forget-cli.js',
);
const HASH_KEY = 'activity-test-lookup-key-0123456789abcdef';

/** A lead whose personal data is easy to look for in Redis. */
const person = {
  ...documentedExample,
  UserDetails: {
    FirstName: 'Zebulon',
    LastName: 'Quartermaine',
    Email: 'zebulon.quartermaine@fabrikam.example',
    Phone: '14255550199',
    Country: 'USA',
    Company: 'Quartermaine Holdings',
    Title: 'Esquire',
  },
};
const PERSONAL = ['zebulon', 'quartermaine', '14255550199', '4255550199'];

let stack: Stack | undefined;
let redis: RedisConnection | undefined;

afterEach(async () => {
  await stack?.close();
  redis?.disconnect();
  stack = redis = undefined;
});

async function start(
  options: StackOptions = {},
): Promise<{ s: Stack; reader: LeadActivityReader }> {
  stack = await startStack(options);
  redis = createProducerConnection(testRedisUrl());
  return {
    s: stack,
    reader: createLeadActivityReader({ connection: redis, prefix: stack.prefix }),
  };
}

/** The lead's timeline once it holds an event `until` accepts. */
async function timelineUntil(
  reader: LeadActivityReader,
  id: string,
  until: (event: TimelineEvent) => boolean,
): Promise<TimelineEvent[]> {
  return eventually(async () => {
    const events = await reader.timeline(id);
    return events.some(until) ? events : undefined;
  });
}

/** Everything the activity keeps under the stack's prefix, keys and values, as one text. */
async function activityDump(s: Stack): Promise<string> {
  const connection = redis as RedisConnection;
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await connection.scan(
      cursor,
      'MATCH',
      `${s.prefix}:leadbridge:activity:*`,
      'COUNT',
      1000,
    );
    cursor = next;
    for (const key of keys) {
      parts.push(key);
      const type = await connection.type(key);
      if (type === 'hash') parts.push(JSON.stringify(await connection.hgetall(key)));
      if (type === 'list') parts.push(...(await connection.lrange(key, 0, -1)));
      if (type === 'zset') parts.push(...(await connection.zrange(key, '0', '-1')));
    }
  } while (cursor !== '0');
  return parts.join('\n').toLowerCase();
}

describe('the leads pages see what happened to each lead', () => {
  it('a lead written to Dataverse reads received, routed, then delivered with the link to its record', async () => {
    const { s, reader } = await start();

    const id = await s.post(person);

    const job = await jobIn(s, id, 'completed');
    const events = await timelineUntil(reader, id, (event) => event.kind === 'attempt');
    const recordUrl = `${s.sim.url}/main.aspx?etn=lead&id=${id}&pagetype=entityrecord`;
    expect(events).toMatchObject([
      {
        kind: 'received',
        at: job.data.receivedAt,
        source: 'marketplace',
        offer: 'Test Microsoft',
        actionCode: 'INS',
      },
      { kind: 'routed', destinations: [CRM], reason: `${CRM} takes every lead` },
      { kind: 'attempt', destination: CRM, attempt: 1, outcome: 'delivered', recordUrl },
    ]);
    expect(await reader.get(id)).toMatchObject({
      state: 'delivered',
      isTestLead: false,
      destinations: [{ name: CRM, state: 'delivered', attempts: 1, recordUrl }],
    });
    const listed = await reader.list(
      { state: 'delivered', offer: 'Test Microsoft' },
      { page: 1, size: 10 },
    );
    expect(listed.leads.map((lead) => lead.id)).toEqual([id]);
    expect((await reader.overview(1)).byAction).toEqual({ INS: [1] });
  });

  it('a lead Dataverse refuses for a missing privilege reads failed, with the reason', async () => {
    const { s, reader } = await start();
    s.sim.faults.set({ denyPrivilege: true });

    const id = await s.post(person);

    await jobIn(s, id, 'failed');
    const events = await timelineUntil(reader, id, (event) => event.kind === 'attempt');
    const reason = 'permanent failure: Dataverse answered 403 (0x80040220)';
    expect(events.at(-1)).toMatchObject({ kind: 'attempt', outcome: 'failed', attempt: 1, reason });
    expect(await reader.get(id)).toMatchObject({
      state: 'failed',
      destinations: [{ name: CRM, state: 'failed', lastError: reason }],
    });
    expect((await reader.overview(1)).failuresByReason).toEqual({ 'permanent 403 0x80040220': 1 });
  });

  it('a throttled lead reads throttled, then delivered once the wait is over', async () => {
    const { s, reader } = await start();
    s.sim.faults.set({ throttle: { retryAfterSeconds: 1, remaining: 1 } });

    const id = await s.post(person);

    await jobIn(s, id, 'completed');
    const events = await timelineUntil(
      reader,
      id,
      (event) => event.kind === 'attempt' && event.outcome === 'delivered',
    );
    const attempts = events.filter((event) => event.kind === 'attempt');
    expect(attempts).toMatchObject([
      {
        outcome: 'throttled',
        reason: 'throttled: Dataverse answered 429 (0x80072322), asking to wait 1 s',
      },
      { outcome: 'delivered', attempt: 1 },
    ]);
    expect((await reader.get(id))?.destinations[0]?.attempts).toBe(1);
  });

  it('a lead no destination takes reads unmatched, saying which rule it missed', async () => {
    const { s, reader } = await start({ match: { actionCode: ['PLT'] } });

    const id = await s.post(person);

    const events = await timelineUntil(reader, id, (event) => event.kind === 'unmatched');
    expect(events.at(-1)).toMatchObject({
      kind: 'unmatched',
      reason: `no destination takes this lead: ${CRM} wants action code PLT (this lead's: INS)`,
    });
    expect((await reader.get(id))?.state).toBe('unmatched');
    expect((await reader.list({ state: 'unmatched' }, { page: 1, size: 10 })).total).toBe(1);
  });

  it("keeps none of the lead's personal data, even when Dataverse's answer quotes it", async () => {
    const { s, reader } = await start();
    const delivered = await s.post(person);
    await jobIn(s, delivered, 'completed');
    s.sim.faults.set({ pluginRefuses: true });

    const refused = await s.post({ ...person, ActionCode: 'PLT' });

    await jobIn(s, refused, 'failed');
    await timelineUntil(reader, refused, (event) => event.kind === 'attempt');
    await timelineUntil(reader, delivered, (event) => event.kind === 'attempt');
    const dump = await activityDump(s);
    expect(dump).toContain(refused.toLowerCase());
    for (const value of PERSONAL) expect(dump).not.toContain(value);
  });

  it('npm run forget removes the lead from the leads pages', async () => {
    const { s, reader } = await start({ lookupHashKey: HASH_KEY });
    const id = await s.post(person);
    await jobIn(s, id, 'completed');
    await timelineUntil(reader, id, (event) => event.kind === 'attempt');
    const spoolDir = await mkdtemp(join(tmpdir(), 'leadbridge-spool-'));

    try {
      const run = await runCli(FORGET_CLI, [person.UserDetails.Email], {
        cwd: spoolDir,
        env: {
          REDIS_URL: testRedisUrl(),
          QUEUE_PREFIX: s.prefix,
          LOOKUP_HASH_KEY: HASH_KEY,
          SPOOL_DIR: spoolDir,
        },
      });

      expect(run.stdout).toContain('Leads pages: the activity of 1 lead removed');
      expect(run.code).toBe(0);
    } finally {
      await rm(spoolDir, { recursive: true, force: true });
    }
    expect(await reader.get(id)).toBeUndefined();
    expect(await reader.timeline(id)).toEqual([]);
    expect((await reader.list({}, { page: 1, size: 10 })).total).toBe(0);
    expect(await activityDump(s)).not.toContain(id.toLowerCase());
  });
});
