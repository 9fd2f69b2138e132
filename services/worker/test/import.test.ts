import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lookupLead } from '@leadbridge/api';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import { runCli, type CliRun } from './run-cli';
import { eventually, startStack, type Stack } from './stack';

// `npm run import -- <file>`, as the root script runs it: the API workspace's built command.
const IMPORT_CLI = join(
  dirname(require.resolve('@leadbridge/api/package.json')),
  'dist',
  'import-cli.js',
);
const HASH_KEY = 'import-test-lookup-key-0123456789abcdef';
const HOUR = 3_600_000;

jest.setTimeout(45_000);

let stack: Stack | undefined;
let redis: Redis | undefined;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'leadbridge-import-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));
afterEach(async () => {
  await stack?.close();
  redis?.disconnect();
  stack = redis = undefined;
});

async function start(): Promise<Stack> {
  stack = await startStack({ lookupHashKey: HASH_KEY });
  redis = new Redis(testRedisUrl());
  return stack;
}

/** Runs the built command in a directory without a .env, with only the settings given. */
function importFile(s: Stack, args: string[]): Promise<CliRun> {
  return runCli(IMPORT_CLI, args, {
    cwd: workDir,
    env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: s.prefix, LOOKUP_HASH_KEY: HASH_KEY },
  });
}

async function file(name: string, text: string): Promise<string> {
  await writeFile(join(workDir, name), text);
  return name;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Partner Center's marketplace leads export: a BOM, CRLF, its headers, one row a lead. */
function partnerCenterExport(rows: string[][]): string {
  const header = [
    'Lead ID',
    'Customer name',
    'First name',
    'Last name',
    'Email',
    'Phone',
    'Country/region',
    'Offer name',
    'Call-to-action',
    'Lead source',
    'Description',
    'LeadCreationDateTime',
    'Lead quality',
  ];
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return `\uFEFF${[header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

const PEOPLE = ['someone@contoso.com', 'ann@fabrikam.com', 'Ann', 'Fabrikam'];

function expectNoPersonalData(run: CliRun): void {
  for (const text of PEOPLE) {
    expect(run.stdout).not.toContain(text);
    expect(run.stderr).not.toContain(text);
  }
}

describe('npm run import -- <file>', () => {
  it("imports from Partner Center's export the leads Leadbridge missed, skips those it received, writes them to Dynamics marked as imported, and imports nothing twice", async () => {
    const s = await start();
    const received = await s.post({ ...documentedExample, OfferTitle: 'Contoso Widget' });
    const now = Date.now();
    const csv = await file(
      'export.csv',
      partnerCenterExport([
        // Received by Leadbridge: same e-mail and offer, created 2 hours before it arrived.
        [
          'r1',
          'Contoso',
          'Some',
          'One',
          'SomeOne@Contoso.com',
          '16175555555',
          'US',
          'Contoso Widget',
          'Get it now',
          'Azure Marketplace',
          '',
          iso(now - 2 * HOUR),
          'High',
        ],
        // Missed: another person, with a note holding a comma, quotes and a line break.
        [
          'r2',
          'Fabrikam, Inc.',
          'Ann',
          'Lee',
          'ann@fabrikam.com',
          '',
          'DE',
          'Contoso Widget',
          'Contact me',
          'AppSource',
          'Call "soon",\r\nplease',
          iso(now - HOUR),
          'High',
        ],
        // Missed: Microsoft withheld the contact details.
        [
          'r3',
          'Northwind',
          '',
          '',
          '',
          '',
          'FR',
          'Contoso Widget',
          'Free trial',
          'Azure portal',
          '',
          iso(now - 3 * HOUR),
          'Low',
        ],
        // Created long before Leadbridge kept its record: not known, so not imported.
        [
          'r4',
          'Tailspin',
          'Old',
          'Lead',
          'old@tailspin.com',
          '',
          'US',
          'Contoso Widget',
          'Get it now',
          'Azure Marketplace',
          '',
          iso(now - 60 * 24 * HOUR),
          'High',
        ],
      ]),
    );

    const dryRun = await importFile(s, [csv, '--dry-run']);

    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(
      `line 2: already received as lead ${received} (the same e-mail and offer, 2 h from its creation)`,
    );
    expect(dryRun.stdout).toMatch(/line 3: would be imported \(Contoso Widget, \d{4}-\d{2}\)/);
    expect(dryRun.stdout).toMatch(/line 5: would be imported/);
    expect(dryRun.stdout).toMatch(
      /line 6: not imported: created before Leadbridge's record of received leads began/,
    );
    expect(dryRun.stdout).toMatch(
      /would be imported +2\n +skipped, already received +1\n +not checked: before the record began +1\n +invalid +0/,
    );
    const month = iso(now - HOUR).slice(0, 7);
    expect(dryRun.stdout).toMatch(new RegExp(`total +4 +1 +2 +1`));
    expect(dryRun.stdout).toMatch(new RegExp(`${month} +Contoso Widget +3 +1 +2 +0`));
    expect(await s.worker.queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual(
      expect.objectContaining({ waiting: 0, active: 0, failed: 0 }),
    );
    expect(
      (await s.worker.queue.getJobs(['waiting', 'active', 'completed', 'delayed'])).map(
        (j) => j.id,
      ),
    ).toEqual([received]);
    expectNoPersonalData(dryRun);

    const run = await importFile(s, [csv]);

    expect(run.code).toBe(0);
    const imported = [...run.stdout.matchAll(/line (\d): imported as lead ([0-9a-f-]{36})/g)].map(
      ([, line, id]) => ({ line: Number(line), id: id as string }),
    );
    // The note's line break puts the next row on line 5.
    expect(imported.map(({ line }) => line)).toEqual([3, 5]);
    const [ann, withheld] = imported.map(({ id }) => id) as [string, string];
    const record = await eventually(() => s.sim.leads().find((row) => row.leadid === ann), 15_000);
    expect(record).toMatchObject({
      emailaddress1: 'ann@fabrikam.com',
      companyname: 'Fabrikam, Inc.',
      subject: 'Contoso Widget – Contact me / trial (PLT)',
    });
    expect(String(record.description)).toContain(
      `Leadbridge lead id: ${ann}\nImported from a CSV export (created ${iso(now - HOUR).slice(0, 10)})`,
    );
    expect(String(record.description)).toContain('Call "soon",\r\nplease');
    await eventually(() => s.sim.leads().find((row) => row.leadid === withheld), 15_000);
    const status = await lookupLead(s.worker.queue, [s.deliveries], redis as Redis, ann);
    expect(status).toMatchObject({
      state: 'delivered',
      imported: { source: 'csv', file: 'export.csv', line: 3, createdAt: iso(now - HOUR) },
    });
    expect(
      s.sim
        .leads()
        .map((row) => row.leadid)
        .sort(),
    ).toEqual([received, ann, withheld].sort());

    const again = await importFile(s, [csv]);

    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ imported +0\n +skipped, already received +3\n/);
    expect(again.stdout).toContain(`line 3: already received as lead ${ann} (the same lead)`);
    expect(again.stdout).toContain(`line 5: already received as lead ${withheld} (the same lead)`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.sim.leads()).toHaveLength(3);
    expect(run.stderr).toMatch(/"message":"leads imported"/);
    expectNoPersonalData(run);
  });

  it('imports NDJSON payloads as POSTed, names each broken line and why without its data, and exits 1', async () => {
    const s = await start();
    const received = await s.post(documentedExample);
    const missed = {
      ...documentedExample,
      UserDetails: {
        ...documentedExample.UserDetails,
        Email: 'ann@fabrikam.com',
        FirstName: 'Ann',
      },
    };
    const ndjson = await file(
      'leads.ndjson',
      [
        JSON.stringify(documentedExample),
        '',
        JSON.stringify(missed),
        '{"UserDetails": {"Email": "ann@fabrikam.com"',
        JSON.stringify({ UserDetails: 'Ann <ann@fabrikam.com>' }),
      ].join('\n'),
    );

    const run = await importFile(s, [ndjson]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`line 1: already received as lead ${received} (the same lead)`);
    const id = /line 3: imported as lead ([0-9a-f-]{36})/.exec(run.stdout)?.[1] as string;
    expect(run.stdout).toContain('line 4: invalid: is not JSON');
    expect(run.stdout).toContain('line 5: invalid: UserDetails must be an object');
    expect(run.stdout).toMatch(/ imported +1\n +skipped, already received +1\n +invalid +2\n/);
    expect(run.stdout).toMatch(
      /Invalid rows, not imported[^\n]*\n {2}line 4: is not JSON\n {2}line 5: UserDetails must be an object/,
    );
    const record = await eventually(() => s.sim.leads().find((row) => row.leadid === id), 15_000);
    expect(String(record.description)).toContain('\nImported from an NDJSON file\n');
    expectNoPersonalData(run);
  });

  it('reports a CSV row broken in any way by its line, imports the rest, and exits 1', async () => {
    const s = await start();
    await s.post(documentedExample); // the ledger begins
    const now = Date.now();
    const csv = await file(
      'broken.csv',
      'Email,Offer,Created,Notes\n' +
        `one@contoso.com,Widget,${iso(now)},"two\nlines"\n` +
        `two@contoso.com,Widget\n` +
        `three@contoso.com,Widget,the third of May,\n` +
        `four@contoso.com,Widget,${iso(now)},\n`,
    );

    const run = await importFile(s, [csv]);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/line 2: imported as lead/);
    expect(run.stdout).toContain('line 4: invalid: has 2 fields where the header has 4');
    expect(run.stdout).toContain('line 5: invalid: its creation time is not a date');
    expect(run.stdout).toMatch(/line 6: imported as lead/);
    expect(run.stdout).not.toMatch(/contoso\.com|third of May/);
  });

  it('stops with what to do when no column is a lead field, and when the file is missing', async () => {
    const s = await start();
    const csv = await file('other.csv', 'Kunde;Angebot\nx;y\n');

    const unknown = await importFile(s, [csv]);
    const missing = await importFile(s, ['nowhere.csv']);
    const usage = await importFile(s, []);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no column of other.csv is a lead field Leadbridge knows');
    expect(unknown.stderr).toContain('Its headers: Kunde, Angebot');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run import -- <file>');
  });
});
