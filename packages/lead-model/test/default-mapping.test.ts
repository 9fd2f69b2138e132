import { compileMapping } from '../src/mapping';
import { documentedExample } from '@leadbridge/test-support';
import { jobFor } from './lead-job';

const longValues = {
  ...documentedExample,
  OfferTitle: 'O'.repeat(400),
  UserDetails: {
    FirstName: 'F'.repeat(60),
    LastName: 'L'.repeat(50),
    Email: `${'e'.repeat(120)}@contoso.com`,
    Phone: '1'.repeat(51),
    Company: 'C'.repeat(150),
    Title: 'T'.repeat(101),
    Country: 'X'.repeat(81),
  },
  PlanId: 'gold',
};

describe('the default mapping', () => {
  it('cuts every over-long value and keeps each in full in the description, before the unknown fields', () => {
    const job = jobFor(longValues);

    const { columns, truncated } = compileMapping().mapping.map(job);

    expect(truncated).toEqual([
      'subject',
      'firstname',
      'emailaddress1',
      'telephone1',
      'companyname',
      'jobtitle',
      'address1_country',
    ]);
    expect(columns.lastname).toBe('L'.repeat(50));
    expect(columns.firstname).toBe(`${'F'.repeat(49)}…`);
    const description = String(columns.description);
    expect(description).toContain(`\n\nFirstName (in full): ${'F'.repeat(60)}\n\n`);
    expect(description.indexOf('Topic (in full): ')).toBeLessThan(
      description.indexOf('FirstName (in full): '),
    );
    expect(description).toMatch(
      /Country \(in full\): X{81}\n\nOther fields: \{"PlanId":"gold"\}\n\nTest run through Power Automate$/,
    );
  });

  it("cuts Microsoft's 2,500-character description, not the lead id or a 60-character first name kept in full", () => {
    const firstName = `${'F'.repeat(59)}Z`;
    const microsoftText = `${'d'.repeat(2_499)}E`;
    const job = jobFor({
      ...documentedExample,
      Description: microsoftText,
      UserDetails: { ...documentedExample.UserDetails, FirstName: firstName },
      PlanId: 'gold',
    });

    const { columns } = compileMapping().mapping.map(job);

    const description = String(columns.description);
    expect(description).toHaveLength(2000);
    expect(description).toMatch(/^Marketplace lead\n/);
    expect(description).toContain(`\nLeadbridge lead id: ${job.leadId}\n`);
    expect(description).toContain(`\n\nFirstName (in full): ${firstName}\n\n`);
    expect(description).toContain('\n\nOther fields: {"PlanId":"gold"}\n\n');
    // Microsoft's text comes last and is the part cut: its start is there, its end is not.
    expect(description).toMatch(/\n\nd+…$/);
    expect(description).not.toContain('dE');
  });

  it('keeps unknown fields, including numbers and objects, as compact JSON at the end of the description', () => {
    const { columns } = compileMapping().mapping.map(
      jobFor({ OfferTitle: 'Widget', PlanId: 'gold', Seats: 3, UserDetails: { Middle: 'Q' } }),
    );

    expect(String(columns.description)).toMatch(
      /\n\nOther fields: \{"PlanId":"gold","Seats":3,"UserDetails.Middle":"Q"\}$/,
    );
  });

  it('says in the facts, which are never cut, that a lead was imported and when Microsoft created it', () => {
    const job = {
      ...jobFor({ ...documentedExample, Description: 'd'.repeat(3_000) }),
      imported: {
        source: 'csv' as const,
        file: 'export.csv',
        line: 12,
        createdAt: '2026-05-03T09:41:00.000Z',
      },
    };

    const description = String(compileMapping().mapping.map(job).columns.description);

    expect(description).toHaveLength(2000);
    expect(description).toMatch(
      /Leadbridge lead id: [0-9a-f-]{36}\nImported from a CSV export \(created 2026-05-03\)\n\n/,
    );
    const payloads = {
      ...job,
      imported: { source: 'ndjson' as const, file: 'leads.ndjson', line: 3 },
    };
    expect(String(compileMapping().mapping.map(payloads).columns.description)).toContain(
      '\nImported from an NDJSON file\n',
    );
    expect(
      String(compileMapping().mapping.map(jobFor(documentedExample)).columns.description),
    ).not.toContain('Imported');
  });

  it('lists the columns it writes and what fills each', () => {
    const { mapping, problems } = compileMapping();

    expect(problems).toEqual([]);
    expect(mapping.columns.map(({ column, kind, source }) => [column, kind, source])).toEqual([
      ['subject', 'text', 'field Topic'],
      ['firstname', 'text', 'field UserDetails.FirstName'],
      ['lastname', 'text', 'field UserDetails.LastName'],
      ['emailaddress1', 'text', 'field UserDetails.Email'],
      ['telephone1', 'text', 'field UserDetails.Phone'],
      ['companyname', 'text', 'field UserDetails.Company'],
      ['jobtitle', 'text', 'field UserDetails.Title'],
      ['address1_country', 'text', 'field UserDetails.Country'],
      ['description', 'text', expect.stringMatching(/^default description/)],
    ]);
    expect(mapping.columns[0]?.maxLength).toBe(300);
  });
});
