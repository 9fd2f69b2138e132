import { compileMapping, type MappingSpec } from '../src/mapping';
import { documentedExample } from '@leadbridge/test-support';
import { jobFor } from './lead-job';

const CAMPAIGN = '0b5c3a2e-8f1d-4e6a-9c7b-1d2e3f4a5b6c';

function mapWith(spec: MappingSpec, body: object = documentedExample, columnLengths = {}) {
  const { mapping, problems } = compileMapping(spec, { columnLengths });
  expect(problems).toEqual([]);
  return mapping.map(jobFor(body));
}

describe('a mapping that extends the default one', () => {
  it('replaces a default column, removes one with null and keeps the rest', () => {
    const { columns } = mapWith({
      subject: '{OfferTitle} – {ActionName}',
      jobtitle: null,
      telephone1: { field: 'UserDetails.Email' },
    });

    expect(columns.subject).toBe('Test Microsoft – Get it now / install');
    expect(columns).not.toHaveProperty('jobtitle');
    expect(columns.telephone1).toBe('someone@contoso.com');
    expect(columns.firstname).toBe('Some');
    expect(String(columns.description)).toMatch(
      /^Marketplace lead\n.*\n\nTest run through Power Automate$/s,
    );
  });

  it('adds custom columns from fields, templates and constants', () => {
    const { columns } = mapWith({
      new_offertitle: 'OfferTitle',
      new_offerid: { field: 'OfferId' },
      new_summary: { template: '{FullName} at {UserDetails.Company} ({Source})' },
      new_channel: { const: 'Marketplace' },
      new_seats: 5,
      new_sendwelcome: true,
      new_istest: 'IsTestLead',
    });

    expect(columns).toMatchObject({
      new_offertitle: 'Test Microsoft',
      new_summary: 'Some One at Contoso (AzureMarketplace)',
      new_channel: 'Marketplace',
      new_seats: 5,
      new_sendwelcome: true,
      new_istest: false,
    });
    // The documented example's LeadSource names no offer id, so that column is left out.
    expect(columns).not.toHaveProperty('new_offerid');
  });

  it('writes a choice from a number on leadsourcecode, and one chosen by the action code', () => {
    const spec: MappingSpec = {
      leadsourcecode: 8,
      new_interest: {
        choice: { field: 'ActionCode', values: { INS: 1, PLT: 2 }, default: 9 },
      },
    };

    expect(mapWith(spec).columns).toMatchObject({ leadsourcecode: 8, new_interest: 1 });
    expect(mapWith(spec, { ActionCode: 'plt' }).columns.new_interest).toBe(2);
    expect(mapWith(spec, { ActionCode: 'DNC' }).columns.new_interest).toBe(9);
    expect(mapWith(spec, {}).columns.new_interest).toBe(9);
  });

  it('leaves a choice out when the value is not listed and there is no default', () => {
    const { columns } = mapWith(
      { new_interest: { choice: { field: 'IsTestLead', values: { yes: 1 } } } },
      documentedExample,
    );

    expect(columns).not.toHaveProperty('new_interest');
  });

  it('binds a lookup to the record it names', () => {
    const { columns } = mapWith({ campaignid: { lookup: 'campaigns', id: CAMPAIGN } });

    expect(columns['campaignid@odata.bind']).toBe(`/campaigns(${CAMPAIGN})`);
    expect(columns).not.toHaveProperty('campaignid');
  });

  it("binds a custom lookup by its navigation property, the schema name's mixed case", () => {
    const { columns } = mapWith({
      new_customerid: { lookup: 'accounts', id: CAMPAIGN, navigationProperty: 'new_CustomerId' },
    });

    expect(columns['new_CustomerId@odata.bind']).toBe(`/accounts(${CAMPAIGN})`);
  });

  it('describes each column for people, with its kind and the values it can take', () => {
    const { mapping } = compileMapping({
      subject: '{OfferTitle} – {ActionName}',
      leadsourcecode: 8,
      new_interest: { choice: { field: 'ActionCode', values: { INS: 1, PLT: 2 }, default: 3 } },
      new_stage: { choice: 4 },
      new_seats: { const: 5 },
      new_sendwelcome: { const: true },
      campaignid: { lookup: 'campaigns', id: CAMPAIGN },
      new_region: 'UserDetails.Country',
    });
    const column = (name: string) => mapping.columns.find((entry) => entry.column === name);

    expect(column('subject')).toEqual({
      column: 'subject',
      kind: 'text',
      source: 'template "{OfferTitle} – {ActionName}"',
      maxLength: 300,
    });
    expect(column('leadsourcecode')).toMatchObject({ kind: 'choice', choiceValues: [8] });
    expect(column('new_interest')).toMatchObject({
      kind: 'choice',
      choiceValues: [1, 2, 3],
      source: 'choice by ActionCode (INS → 1, PLT → 2; otherwise 3)',
    });
    expect(column('new_stage')).toMatchObject({ kind: 'choice', choiceValues: [4] });
    expect(column('new_seats')).toMatchObject({ kind: 'number' });
    expect(column('new_sendwelcome')).toMatchObject({ kind: 'boolean' });
    expect(column('campaignid')).toMatchObject({ kind: 'lookup', lookupEntitySet: 'campaigns' });
    expect(column('new_region')).toMatchObject({ kind: 'text' });
    expect(column('new_region')).not.toHaveProperty('maxLength');
    // Default columns keep their place (subject replaced in place); added ones follow in order.
    expect(mapping.columns.map((entry) => entry.column)).toEqual([
      'subject',
      'firstname',
      'lastname',
      'emailaddress1',
      'telephone1',
      'companyname',
      'jobtitle',
      'address1_country',
      'description',
      'leadsourcecode',
      'new_interest',
      'new_stage',
      'new_seats',
      'new_sendwelcome',
      'campaignid',
      'new_region',
    ]);
  });

  it('leaves out a column whose field is missing or whose template renders blank, and trims text', () => {
    const { columns } = mapWith(
      {
        new_offerid: 'OfferId',
        new_note: '{UserDetails.Phone} ',
        new_spaced: { const: '  padded  ' },
        new_plan: 'Extra.PlanId',
      },
      { OfferTitle: 'W', PlanId: '  gold  ' },
    );

    expect(columns).not.toHaveProperty('new_offerid');
    expect(columns).not.toHaveProperty('new_note');
    expect(columns.new_spaced).toBe('padded');
    expect(columns.new_plan).toBe('gold');
  });

  it('cuts a custom column to the length it is given and keeps the full value in the description', () => {
    const { columns, truncated } = mapWith(
      { new_offertitle: 'OfferTitle' },
      { ...documentedExample, OfferTitle: 'Widget '.repeat(10).trim() },
      { new_offertitle: 20 },
    );

    expect(columns.new_offertitle).toBe('Widget Widget Widge…');
    expect(truncated).toEqual(['new_offertitle']);
    expect(String(columns.description)).toContain(
      `OfferTitle (in full): ${'Widget '.repeat(10).trim()}`,
    );
  });

  it('names a cut template column by its column name in the description', () => {
    const { columns, truncated } = mapWith(
      { firstname: '{UserDetails.FirstName} {UserDetails.LastName}' },
      { UserDetails: { FirstName: 'A'.repeat(30), LastName: 'B'.repeat(30) } },
    );

    expect(truncated).toEqual(['firstname']);
    expect(String(columns.description)).toContain(
      `firstname (in full): ${'A'.repeat(30)} ${'B'.repeat(30)}`,
    );
  });

  it('still puts cut values before a description the mapping fills, and cuts it to 2000', () => {
    const spec: MappingSpec = { description: '{Description}\nOffer: {OfferTitle}' };
    const company = 'C'.repeat(150);

    const { columns } = mapWith(spec, { ...documentedExample, UserDetails: { Company: company } });
    const long = mapWith(spec, { Description: 'd'.repeat(3000) }).columns;

    expect(columns.description).toBe(
      `Company (in full): ${company}\n\nTest run through Power Automate\nOffer: Test Microsoft`,
    );
    expect(String(long.description)).toHaveLength(2000);
    expect(String(long.description).endsWith('…')).toBe(true);
  });

  it("cuts the mapped description's own text, not a 60-character first name kept in full", () => {
    const firstName = 'F'.repeat(60);

    const { columns } = mapWith(
      { description: '{Description}' },
      { Description: 'd'.repeat(2_500), UserDetails: { FirstName: firstName } },
    );

    const description = String(columns.description);
    expect(description).toHaveLength(2000);
    expect(description).toMatch(new RegExp(`^FirstName \\(in full\\): ${firstName}\n\nd+…$`));
  });

  it('writes no description when the mapping removes it', () => {
    const { columns } = mapWith({ description: null });

    expect(columns).not.toHaveProperty('description');
    expect(columns.subject).toBe('Test Microsoft – Get it now / install (INS)');
  });

  it('accepts field names in any letter case', () => {
    const { columns } = mapWith({
      new_email: 'userdetails.email',
      new_line: '{offertitle} / {ACTIONCODE}',
    });

    expect(columns).toMatchObject({
      new_email: 'someone@contoso.com',
      new_line: 'Test Microsoft / INS',
    });
  });
});
