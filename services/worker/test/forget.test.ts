import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createEmailIndex,
  createLookupHash,
  createReceivedLedger,
  openLeadSpool,
} from '@leadbridge/api';
import type { LeadJobData } from '@leadbridge/lead-model';
import { createLogger } from '@leadbridge/service-kit';
import {
  documentedExample,
  LogCapture,
  startSmtpServer,
  testRedisUrl,
  type SmtpTestServer,
} from '@leadbridge/test-support';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createEmailDestination } from '../src';
import { createEmailTransport } from '../src/destinations/email/email-transport';
import { runCli, type CliRun } from './run-cli';
import { eventually, jobIn, startStack, type Stack } from './stack';

// `npm run forget -- <e-mail>`, as the root script runs it: the API workspace's built command.
const FORGET_CLI = join(
  dirname(require.resolve('@leadbridge/api/package.json')),
  'dist',
  'forget-cli.js',
);
const HASH_KEY = 'forget-test-lookup-key-0123456789abcdef';

jest.setTimeout(45_000);

let stack: Stack | undefined;
let smtp: SmtpTestServer | undefined;
let redis: Redis | undefined;
let workDir: string;

// A working directory without a .env, so only the environment given counts.
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'leadbridge-forget-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all([stack?.close(), smtp?.close()]);
  redis?.disconnect();
  stack = smtp = redis = undefined;
});

const another = {
  ...documentedExample,
  UserDetails: { ...documentedExample.UserDetails, FirstName: 'Ann', Email: 'ann@fabrikam.com' },
};

/** Runs the built command with only the settings given. */
async function forget(s: Stack, args: string[], spoolDir: string): Promise<CliRun> {
  return runCli(FORGET_CLI, args, {
    cwd: workDir,
    env: {
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: s.prefix,
      LOOKUP_HASH_KEY: HASH_KEY,
      SPOOL_DIR: spoolDir,
    },
  });
}

async function startWithEmail(): Promise<{ s: Stack; emails: Queue }> {
  smtp = await startSmtpServer();
  stack = await startStack({
    lookupHashKey: HASH_KEY,
    extraDestinations: [
      createEmailDestination({
        name: 'sales-email',
        transport: createEmailTransport(smtp.url, { timeoutMs: 2_000, requireTls: false }),
        settings: { from: 'leads@contoso.example', to: ['sales@contoso.example'] },
      }),
    ],
  });
  const emails = stack.worker.destinations.get('sales-email')?.queue;
  if (!emails) throw new Error('no e-mail queue');
  redis = new Redis(testRedisUrl());
  return { s: stack, emails };
}

async function spoolFile(path: string, jobs: LeadJobData[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, jobs.map((job) => `${JSON.stringify(job)}\n`).join(''), { mode: 0o600 });
}

/** An owner file as an API of another container writes it. */
function owner(id: string): string {
  return JSON.stringify({ id, pid: 1, host: 'api-container', startedAt: new Date().toISOString() });
}

/** Every file under `dir` whose name holds `part`, at any depth. */
async function filesUnder(dir: string, part: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true, encoding: 'utf8' });
  return names.filter((name) => name.includes(part)).map((name) => join(dir, name));
}

/** What every file under `dir` holds, by path. */
async function contents(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const file of await filesUnder(dir, '')) {
    if ((await stat(file)).isFile()) found[file] = await readFile(file, 'utf8');
  }
  return found;
}

/** Every job of the lead, in every queue of the stack. */
async function jobsOf(s: Stack, id: string) {
  const queues = [s.worker.queue, ...[...s.worker.destinations.values()].map((r) => r.queue)];
  return (await Promise.all(queues.map((queue) => queue.getJob(id)))).filter(Boolean);
}

function auditLines(run: CliRun): Record<string, unknown>[] {
  return run.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('npm run forget -- <e-mail>', () => {
  it("erases a person's delivered and waiting leads from every queue, the index and the spool, and names what to erase in Dynamics and the mailbox", async () => {
    const { s, emails } = await startWithEmail();
    const delivered = await s.post(documentedExample);
    const kept = await s.post(another);
    const record = await jobIn(s, delivered, 'completed');
    const mail = await jobIn(s, delivered, 'completed', emails);
    await jobIn(s, kept, 'completed', emails);
    await emails.pause();
    const waiting = await s.post({ ...documentedExample, Description: 'A second question' });
    const secondRecord = await jobIn(s, waiting, 'completed');
    await eventually(async () => (await emails.getJob(waiting)) !== undefined);
    const { destination: _destination, ...spooled } = record.data;
    const keptJob = (await s.worker.queue.getJob(kept))?.data as LeadJobData;
    const spoolDir = await mkdtemp(join(tmpdir(), 'leadbridge-spool-'));
    const spooledIds = [randomUUID(), randomUUID()];
    await spoolFile(join(spoolDir, 'leads.ndjson'), [
      keptJob,
      { ...spooled, leadId: spooledIds[0] as string },
    ]);
    await spoolFile(join(spoolDir, 'api-1', 'draining-1700000000000-0.ndjson'), [
      { ...spooled, leadId: spooledIds[1] as string },
    ]);

    const run = await forget(s, [' SomeOne@Contoso.COM '], spoolDir);
    await rm(spoolDir, { recursive: true, force: true }).catch(() => undefined);

    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('Queues: 6 jobs of 2 leads removed');
    expect(out).toContain('Lookup index: 2 lead ids removed');
    expect(out).toContain('Received ledger: 2 records removed');
    expect(out).toMatch(/Spool \(.+\): 2 lines removed from 2 files/);
    expect(out).toMatch(new RegExp(`${waiting} to sales-email \\(it was (waiting|paused)\\)`));
    for (const id of spooledIds) expect(out).toContain(`${id} (in the spool, not yet queued)`);
    expect(out).toContain(
      `Dynamics 365, destination dynamics: lead record ${delivered} (${String(record.returnvalue.entityUrl)})`,
    );
    expect(out).toContain(
      `Dynamics 365, destination dynamics: lead record ${waiting} (${String(secondRecord.returnvalue.entityUrl)})`,
    );
    expect(out).toContain(
      `E-mail, destination sales-email: message ${String(mail.returnvalue.messageId)}`,
    );
    expect(out.toLowerCase()).not.toContain('someone@contoso.com');

    for (const id of [delivered, waiting]) expect(await jobsOf(s, id)).toEqual([]);
    expect(await jobsOf(s, kept)).toHaveLength(3);
    const index = createEmailIndex({ connection: redis as Redis, prefix: s.prefix, key: HASH_KEY });
    expect(await index.find('someone@contoso.com')).toEqual([]);
    expect(await index.find('ann@fabrikam.com')).toEqual([kept]);
    // The record `npm run import` compares with is gone too; another person's stays.
    const hash = createLookupHash({ connection: redis as Redis, prefix: s.prefix, key: HASH_KEY });
    const ledger = createReceivedLedger({ connection: redis as Redis, prefix: s.prefix, hash });
    expect(await ledger.byEmail('someone@contoso.com')).toEqual([]);
    expect((await ledger.byEmail('ann@fabrikam.com')).map((record) => record.leadId)).toEqual([
      kept,
    ]);
    // The waiting e-mail is gone: resuming its queue sends nothing more.
    await emails.resume();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp?.messages).toHaveLength(2);

    const audit = auditLines(run);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      level: 'info',
      service: 'forget',
      message: 'audit: erase',
      audit: true,
      action: 'erase',
      actor: userInfo().username,
      outcome: 'complete',
      jobsRemoved: 6,
      leadIds: [delivered, waiting, ...spooledIds].sort(),
      neverDelivered: [waiting, ...spooledIds].sort(),
      dynamicsRecordIds: [delivered, waiting].sort(),
      emailMessages: 1,
      indexEntries: 2,
      ledgerRecords: 2,
      spoolLinesRemoved: 2,
    });
    expect(run.stderr.toLowerCase()).not.toContain('someone@contoso.com');
    expect(run.stderr).not.toContain('[redacted]');
  });

  it('refuses, changing nothing, while an API owns a spool directory, and names the directory', async () => {
    const { s, emails } = await startWithEmail();
    const queued = await s.post(documentedExample);
    await jobIn(s, queued, 'completed');
    await jobIn(s, queued, 'completed', emails);
    const subject = (await s.worker.queue.getJob(queued))?.data as LeadJobData;
    const spoolDir = await mkdtemp(join(tmpdir(), 'leadbridge-spool-'));
    // A file of an older version, a directory an API of another container touched a moment
    // ago, and the spool of an API running here.
    await spoolFile(join(spoolDir, 'leads.ndjson'), [{ ...subject, leadId: randomUUID() }]);
    const elsewhere = join(spoolDir, 'process-00000000000000c3');
    await spoolFile(join(elsewhere, 'leads.ndjson'), [{ ...subject, leadId: randomUUID() }]);
    await writeFile(join(elsewhere, 'owner.lock'), owner('00000000000000c3'));
    const api = await openLeadSpool(
      spoolDir,
      createLogger({ service: 'api', stream: new LogCapture() }),
    );
    await api.append({ ...subject, leadId: randomUUID() });
    const [running] = (await readdir(spoolDir)).filter(
      (name) => name.startsWith('process-') && join(spoolDir, name) !== elsewhere,
    );
    const before = await contents(spoolDir);

    try {
      const run = await forget(s, ['someone@contoso.com'], spoolDir);

      expect(run.code).toBe(1);
      expect(run.stderr).toContain('The API must be stopped');
      expect(run.stderr).toContain(join(spoolDir, running as string));
      expect(run.stderr).toContain(elsewhere);
      expect(run.stdout).not.toContain('removed');
      expect(auditLines(run)).toEqual([]);
      expect(await contents(spoolDir)).toEqual(before);
      expect(await jobsOf(s, queued)).toHaveLength(3);
      const index = createEmailIndex({
        connection: redis as Redis,
        prefix: s.prefix,
        key: HASH_KEY,
      });
      expect(await index.find('someone@contoso.com')).toEqual([queued]);
    } finally {
      await api.close();
      await rm(spoolDir, { recursive: true, force: true });
    }
  });

  it('takes over what stopped APIs left, rewrites the files holding the person, and hands the rest to the next API', async () => {
    const { s } = await startWithEmail();
    const kept = await s.post(another);
    const keptJob = (await jobIn(s, kept, 'completed')).data;
    const spoolDir = await mkdtemp(join(tmpdir(), 'leadbridge-spool-'));
    const subject = {
      ...keptJob,
      leadId: randomUUID(),
      lead: { ...keptJob.lead, UserDetails: documentedExample.UserDetails },
    };
    // An API that stopped cleanly let go of its directory; one whose container crashed two
    // minutes ago left its owner file; an older version wrote in the spool directory itself.
    const stopped = join(spoolDir, 'process-00000000000000a1');
    const crashed = join(spoolDir, 'process-00000000000000b2');
    await spoolFile(join(stopped, 'draining-1700000000000-0.ndjson'), [keptJob, subject, keptJob]);
    await spoolFile(join(crashed, 'leads.ndjson'), [keptJob]);
    await writeFile(join(crashed, 'owner.lock'), owner('00000000000000b2'));
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await utimes(join(crashed, 'owner.lock'), twoMinutesAgo, twoMinutesAgo);
    await spoolFile(join(spoolDir, 'leads.ndjson'), [subject]);
    const untouched = await stat(join(crashed, 'leads.ndjson'));

    try {
      const run = await forget(s, ['someone@contoso.com'], spoolDir);

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Spool \(.+\): 2 lines removed from 2 files/);
      const files = await filesUnder(spoolDir, '.ndjson');
      const line = `${JSON.stringify(keptJob)}\n`;
      expect(await Promise.all(files.map((file) => readFile(file, 'utf8')))).toEqual(
        expect.arrayContaining([line + line, line]),
      );
      expect(files).toHaveLength(2);
      for (const file of files) expect((await stat(file)).mode & 0o777).toBe(0o600);
      // The file without the person was moved, not rewritten.
      const moved = await Promise.all(files.map((file) => stat(file)));
      expect(moved.map(({ ino, mtimeMs }) => [ino, mtimeMs])).toContainEqual([
        untouched.ino,
        untouched.mtimeMs,
      ]);

      // The next API queues what is left at once.
      const next = await openLeadSpool(
        spoolDir,
        createLogger({ service: 'api', stream: new LogCapture() }),
      );
      const queued: string[] = [];
      await next.drain(async (job) => queued.push(job.leadId));
      await next.close();
      expect(queued).toEqual([kept, kept, kept]);
    } finally {
      await rm(spoolDir, { recursive: true, force: true });
    }
  });

  it('names the leads the index remembers after their jobs expired: their Dynamics record has their id', async () => {
    const { s, emails } = await startWithEmail();
    const expired = await s.post(documentedExample);
    await jobIn(s, expired, 'completed');
    await jobIn(s, expired, 'completed', emails);
    // Completed jobs leave Redis after 7 days; the index keeps the lead id for 90.
    for (const queue of [s.worker.queue, s.deliveries, emails]) await queue.remove(expired);

    const run = await forget(s, ['someone@contoso.com'], join(tmpdir(), `none-${randomUUID()}`));

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Queues: nothing of that address');
    expect(run.stdout).toContain('Lookup index: 1 lead id removed');
    expect(run.stdout).toContain('Received ledger: 1 record removed');
    expect(run.stdout).toContain(`Leads whose jobs have expired: ${expired}`);
    expect(auditLines(run)[0]).toMatchObject({
      jobsRemoved: 0,
      indexEntries: 1,
      ledgerRecords: 1,
      leadIds: [expired],
    });
  });

  it('with an address Leadbridge never saw, removes nothing and says so', async () => {
    const { s } = await startWithEmail();
    const kept = await s.post(another);
    await jobIn(s, kept, 'completed');

    const run = await forget(s, ['nobody@example.com'], join(tmpdir(), `none-${randomUUID()}`));

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Nothing of that e-mail address was found');
    expect(await jobsOf(s, kept)).toHaveLength(3);
    expect(auditLines(run)[0]).toMatchObject({ jobsRemoved: 0, leadIds: [] });
  });

  it('without an e-mail address, says how to call it and exits 2', async () => {
    const { s } = await startWithEmail();

    const run = await forget(s, [], tmpdir());

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run forget -- <e-mail address>');
    expect(auditLines(run)).toEqual([]);
  });
});
