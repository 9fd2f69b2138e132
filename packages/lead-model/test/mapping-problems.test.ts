import { compileMapping, type MappingSpec } from '../src/mapping';
import { documentedExample } from '@leadbridge/test-support';
import { jobFor } from './lead-job';

/** A mapping as a configuration file may hold it, whatever its types say. */
function problemsOf(spec: unknown) {
  return compileMapping(spec as MappingSpec).problems;
}

describe('a mapping with mistakes', () => {
  it('says a plain word is not a field and how to write a fixed text', () => {
    expect(problemsOf({ new_channel: 'Marketplace' })).toEqual([
      {
        path: ['new_channel'],
        message:
          '"Marketplace" is not a lead field; for a fixed text write { const: "Marketplace" }',
      },
    ]);
  });

  it('suggests the field a misspelt or shortened name most likely meant', () => {
    const problems = problemsOf({
      new_offer: 'OfferTitel',
      new_email: { field: 'Email' },
      subject: '{OferTitle} – {ActionName}',
      new_interest: { choice: { field: 'ActonCode', values: { INS: 1 } } },
    });

    expect(problems).toEqual([
      {
        path: ['new_offer'],
        message:
          '"OfferTitel" is not a lead field (did you mean "OfferTitle"?); for a fixed text write { const: "OfferTitel" }',
      },
      {
        path: ['new_email', 'field'],
        message: '"Email" is not a lead field (did you mean "UserDetails.Email"?)',
      },
      {
        path: ['subject'],
        message: 'template: unknown field "OferTitle" (did you mean "OfferTitle"?)',
      },
      {
        path: ['new_interest', 'choice', 'field'],
        message: '"ActonCode" is not a lead field (did you mean "ActionCode"?)',
      },
    ]);
  });

  it('reports broken templates', () => {
    const problems = problemsOf({
      subject: '{OfferTitle',
      new_a: { template: 'Hello {} and }' },
    });

    expect(problems).toEqual([
      {
        path: ['subject'],
        message: 'template: unclosed "{" at character 1 (write "{{" for a literal brace)',
      },
      { path: ['new_a', 'template'], message: 'template: empty placeholder "{}" at character 7' },
      {
        path: ['new_a', 'template'],
        message: 'template: lone "}" at character 14 (write "}}" for a literal brace)',
      },
    ]);
  });

  it('refuses column names that are not Dataverse logical names, and the record id', () => {
    const problems = problemsOf({
      New_OfferTitle: 'OfferTitle',
      '1st': 'OfferTitle',
      'my column': null,
      leadid: 'LeadId',
    });

    expect(problems.map((entry) => entry.path)).toEqual([
      ['New_OfferTitle'],
      ['1st'],
      ['my column'],
      ['leadid'],
    ]);
    expect(problems[0]?.message).toContain('(the logical name is "new_offertitle")');
  });

  it('checks lookups, choices and constants', () => {
    const problems = problemsOf({
      campaignid: { lookup: 'campaigns', id: 'not-a-guid' },
      new_regionid: { lookup: 'bad set/', id: '0b5c3a2e-8f1d-4e6a-9c7b-1d2e3f4a5b6c' },
      new_stage: { choice: 1.5 },
      new_interest: { choice: { field: 'ActionCode', values: { INS: 'one' }, default: '2' } },
      new_channel: { const: ['Marketplace'] },
      leadsourcecode: 8.5,
    });

    expect(problems).toEqual([
      {
        path: ['campaignid', 'id'],
        message: '"not-a-guid" is not a GUID (like "00000000-0000-0000-0000-000000000000")',
      },
      { path: ['new_regionid', 'lookup'], message: 'must be an entity set name, e.g. "campaigns"' },
      {
        path: ['new_stage', 'choice'],
        message: 'must be a whole number (the choice value), not 1.5',
      },
      {
        path: ['new_interest', 'choice', 'values', 'INS'],
        message: 'must be a whole number (the choice value)',
      },
      {
        path: ['new_interest', 'choice', 'default'],
        message: 'must be a whole number (the choice value)',
      },
      { path: ['new_channel', 'const'], message: 'must be a text, a number, or true or false' },
      { path: ['leadsourcecode'], message: 'must be a whole number (the choice value), not 8.5' },
    ]);
  });

  it('names the accepted shapes for a value it does not recognise', () => {
    const problems = problemsOf({
      new_a: ['OfferTitle'],
      new_b: { field: 'OfferTitle', template: '{OfferTitle}' },
      new_c: { lookup: 'campaigns' },
      new_d: { value: 1 },
    });

    expect(problems).toHaveLength(4);
    for (const entry of problems) {
      expect(entry.message).toBe(
        'must be a field name, a template, a number, true or false, null, or one of { field }, { template }, { const }, { choice }, { lookup, id }',
      );
    }
  });

  it("refuses a value Dataverse would refuse for a standard column's type", () => {
    const problems = problemsOf({
      firstname: 7,
      description: { const: true },
      leadsourcecode: 'Source',
    });

    expect(problems).toEqual([
      {
        path: ['firstname'],
        message:
          'firstname is a text column (up to 50 characters); give it a field, a template or a text { const }',
      },
      {
        path: ['description'],
        message:
          'description is a text column (up to 2000 characters); give it a field, a template or a text { const }',
      },
      {
        path: ['leadsourcecode'],
        message:
          'leadsourcecode is a choice column; give it a choice value (e.g. 8) or a { choice }',
      },
    ]);
  });

  it('returns every problem at once and never throws, and the columns with problems keep their default', () => {
    const spec = {
      subject: '{Nope}',
      firstname: null,
      Bad: 'x',
      new_a: undefined,
      new_b: { const: null },
    };

    const { mapping, problems } = compileMapping(spec as unknown as MappingSpec);

    // "Bad" is both an invalid column name and a word that is not a field.
    expect(problems.map((entry) => entry.path[0])).toEqual([
      'subject',
      'Bad',
      'Bad',
      'new_a',
      'new_b',
    ]);
    const { columns } = mapping.map(jobFor(documentedExample));
    expect(columns.subject).toBe('Test Microsoft – Get it now / install (INS)');
    expect(columns).not.toHaveProperty('firstname');
  });

  it('says what a mapping must be when it is not an object', () => {
    for (const spec of ['subject', ['subject'], 42]) {
      expect(problemsOf(spec)).toEqual([
        { path: [], message: 'must be an object of column names and their values' },
      ]);
    }
  });
});
