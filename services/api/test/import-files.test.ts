import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCreatedAt } from '../src/import/created-at';
import { csvRows } from '../src/import/csv-rows';
import { readColumnsFile } from '../src/import/columns-file';
import type { ImportRow } from '../src/import/import-row';
import { ndjsonRows } from '../src/import/ndjson-rows';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadbridge-import-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function all(rows: AsyncIterable<ImportRow>): Promise<ImportRow[]> {
  const found: ImportRow[] = [];
  for await (const row of rows) found.push(row);
  return found;
}

describe('reading the leads of a file', () => {
  it("reads Partner Center's export as Microsoft's payloads: BOM, CRLF, quoted commas, quotes and line breaks, every row on its own line", async () => {
    const path = await file(
      'export.csv',
      '\uFEFFLead ID,Customer name,First name,Last name,Email,Phone,Country/region,Offer name,' +
        'Call-to-action,Lead source,Description,LeadCreationDateTime,Lead quality\r\n' +
        'a1,"Contoso, Ltd.",Some,One,someone@contoso.com,16175555555,US,Contoso Widget,' +
        'Get it now,Azure Marketplace,"Said ""hi""\r\nand more",2026-05-03T09:41:00Z,High\r\n' +
        '\r\n' +
        'a2,Fabrikam,Ann,,ann@fabrikam.com,,DE,Contoso Widget,Contact me,AppSource,,5/4/2026 2:05 PM,\r\n' +
        ',,,,,,,,,,,,\r\n',
    );

    const rows = await all(csvRows(path));

    expect(rows).toEqual([
      {
        kind: 'lead',
        line: 2,
        createdAt: '2026-05-03T09:41:00.000Z',
        rawBody: expect.any(String),
        body: {
          UserDetails: {
            FirstName: 'Some',
            LastName: 'One',
            Email: 'someone@contoso.com',
            Phone: '16175555555',
            Country: 'US',
            Company: 'Contoso, Ltd.',
          },
          ActionCode: 'INS',
          OfferTitle: 'Contoso Widget',
          LeadSource: 'AzureMarketplace',
          Description: 'Said "hi"\r\nand more',
          'Lead ID': 'a1',
          'Lead quality': 'High',
        },
      },
      {
        kind: 'lead',
        line: 5,
        createdAt: '2026-05-04T14:05:00.000Z',
        rawBody: expect.any(String),
        body: {
          UserDetails: {
            FirstName: 'Ann',
            Email: 'ann@fabrikam.com',
            Country: 'DE',
            Company: 'Fabrikam',
          },
          ActionCode: 'PLT',
          OfferTitle: 'Contoso Widget',
          LeadSource: 'AppSource (SPZA)',
          'Lead ID': 'a2',
        },
      },
    ]);
  });

  it('reports a broken row by the line it starts on and why, quoting none of it, and reads on', async () => {
    const path = await file(
      'broken.csv',
      'Email,Offer,Created\n' +
        'one@contoso.com,Widget,2026-05-03\n' +
        '"two@contoso.com\nsecond line",Widget,2026-05-03\n' +
        'three@contoso.com,Widget\n' +
        'four@contoso.com,Widget,31/02/2026\n' +
        'five@contoso.com,Widget,2026-05-05 10:00\n' +
        '"six@contoso.com,Widget,2026-05-06\n',
    );

    const rows = await all(csvRows(path));

    expect(
      rows.map((row) => [row.line, row.kind, row.kind === 'invalid' ? row.reason : '']),
    ).toEqual([
      [2, 'lead', ''],
      [3, 'lead', ''],
      [5, 'invalid', 'has 2 fields where the header has 3'],
      [6, 'invalid', expect.stringMatching(/^its creation time is not a date/)],
      [7, 'lead', ''],
      [8, 'invalid', expect.stringMatching(/^opens a quote that is never closed/)],
    ]);
    expect(JSON.stringify(rows.filter((row) => row.kind === 'invalid'))).not.toMatch(/contoso/);
  });

  it('reads semicolon-separated files, maps other headers through a --columns file, and keeps unknown columns', async () => {
    const columns = await file(
      'columns.yaml',
      '"Kunden-E-Mail": UserDetails.Email\nAngebot: OfferTitle\nErstellt: CreatedAt\nIntern: null\n',
    );
    const path = await file(
      'semicolons.csv',
      'Kunden-E-Mail;Angebot;Erstellt;Intern;Region\nsomeone@contoso.com;Widget;03.05.2026 09:41;x;EMEA\n',
    );

    const rows = await all(csvRows(path, { columns: await readColumnsFile(columns) }));

    expect(rows).toEqual([
      expect.objectContaining({
        line: 2,
        createdAt: '2026-05-03T09:41:00.000Z',
        body: {
          UserDetails: { Email: 'someone@contoso.com' },
          OfferTitle: 'Widget',
          Region: 'EMEA',
        },
      }),
    ]);
  });

  it('refuses a --columns file that names no lead field, saying which header and what it may name', async () => {
    const columns = await file('wrong.json', '{"Mail": "UserDetails.EMailAddress"}');

    await expect(readColumnsFile(columns)).rejects.toThrow(
      /"Mail" names "UserDetails.EMailAddress", which is not a lead field: use one of UserDetails.FirstName/,
    );
  });

  it('reads NDJSON payloads as POSTed, line by line, and names the lines that are not JSON', async () => {
    const first = '{"UserDetails":{"Email":"someone@contoso.com"},"OfferTitle":"Widget"}';
    const path = await file('leads.ndjson', `\uFEFF${first}\r\n\r\n{"UserDetails":\r\n["x"]\r\n`);

    const rows = await all(ndjsonRows(path));

    expect(rows).toEqual([
      { kind: 'lead', line: 1, rawBody: first, body: JSON.parse(first) as unknown },
      { kind: 'invalid', line: 3, reason: 'is not JSON' },
      { kind: 'lead', line: 4, rawBody: '["x"]', body: ['x'] },
    ]);
  });
});

describe('reading a creation time', () => {
  it.each([
    ['2026-05-03T09:41:00Z', '2026-05-03T09:41:00.000Z'],
    ['2026-05-03T09:41:00.1234567Z', '2026-05-03T09:41:00.123Z'],
    ['2026-05-03 09:41', '2026-05-03T09:41:00.000Z'],
    ['2026-05-03T11:41:00+02:00', '2026-05-03T09:41:00.000Z'],
    ['2026-05-03', '2026-05-03T00:00:00.000Z'],
    ['5/3/2026 9:41:00 AM', '2026-05-03T09:41:00.000Z'],
    ['5/3/2026 12:05 AM', '2026-05-03T00:05:00.000Z'],
    ['12/31/2025 11:59 PM', '2025-12-31T23:59:00.000Z'],
    ['3.5.2026 09:41', '2026-05-03T09:41:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseCreatedAt(text)).toBe(iso);
  });

  it('reads slashes day first when asked, and refuses what is not a date', () => {
    expect(parseCreatedAt('5/3/2026', 'day-first')).toBe('2026-03-05T00:00:00.000Z');
    for (const text of ['13/13/2026', '2026-02-30', 'yesterday', '5/3/2026 13:00 PM', '']) {
      expect(parseCreatedAt(text)).toBeUndefined();
    }
  });
});
