import type { CompiledColumn } from '@leadbridge/lead-model/mapping';
import { compareMapping } from '../src/destinations/dataverse/check/compare-mapping';
import type { LeadAttribute } from '../src/destinations/dataverse/org-setup-reads';

// An org's lead columns as readLeadAttributes returns them.
const ORG = new Map<string, LeadAttribute>([
  ['subject', { type: 'String', maxLength: 300, isValidForCreate: true }],
  ['emailaddress1', { type: 'String', maxLength: 100, isValidForCreate: true }],
  ['address1_country', { type: 'String', maxLength: 80, isValidForCreate: true }],
  ['description', { type: 'Memo', maxLength: 2000, isValidForCreate: true }],
  ['fullname', { type: 'String', maxLength: 160, isValidForCreate: false }],
  ['leadsourcecode', { type: 'Picklist', isValidForCreate: true, options: [1, 2, 8, 10] }],
  ['statecode', { type: 'State', isValidForCreate: false, options: [0, 1, 2] }],
  ['donotemail', { type: 'Boolean', isValidForCreate: true }],
  ['numberofemployees', { type: 'Integer', isValidForCreate: true }],
  ['budgetamount', { type: 'Money', isValidForCreate: true }],
  ['createdon', { type: 'DateTime', isValidForCreate: false }],
  ['campaignid', { type: 'Lookup', isValidForCreate: true, targets: ['campaign'] }],
  ['parentaccountid', { type: 'Lookup', isValidForCreate: true, targets: ['account'] }],
  ['customerid', { type: 'Customer', isValidForCreate: true, targets: ['account', 'contact'] }],
  ['new_opportunityid', { type: 'Lookup', isValidForCreate: true, targets: ['opportunity'] }],
  ['cr123_offertitle', { type: 'String', maxLength: 100, isValidForCreate: true }],
]);

function text(column: string, maxLength?: number): CompiledColumn {
  return { column, kind: 'text', source: 'field OfferTitle', ...(maxLength ? { maxLength } : {}) };
}

function only(column: CompiledColumn) {
  const [finding] = compareMapping([column], ORG);
  if (!finding) throw new Error('no finding');
  return finding;
}

describe('comparing a mapping with the org lead columns', () => {
  it('keeps the mapping order, one finding per column, with the org type', () => {
    const findings = compareMapping(
      [text('subject', 300), { column: 'donotemail', kind: 'boolean', source: 'constant true' }],
      ORG,
    );

    expect(findings).toEqual([
      {
        column: 'subject',
        source: 'field OfferTitle',
        kind: 'text',
        status: 'ok',
        orgType: 'String',
        explanation: 'a String column of 300 characters; Leadbridge sends up to 300',
      },
      {
        column: 'donotemail',
        source: 'constant true',
        kind: 'boolean',
        status: 'ok',
        orgType: 'Boolean',
        explanation: 'a Boolean (yes/no) column',
      },
    ]);
  });

  it.each([
    ['upper case', 'EmailAddress1', 'emailaddress1', '(logical names are lower case)'],
    ['a missing publisher prefix', 'offertitle', 'cr123_offertitle', 'publisher prefix'],
    ['another publisher prefix', 'new_offertitle', 'cr123_offertitle', 'publisher prefix'],
    ['a typo', 'emailadress1', 'emailaddress1', '?'],
  ])('suggests the column meant despite %s', (_case, mapped, meant, why) => {
    const finding = only(text(mapped));

    expect(finding.status).toBe('unknown-column');
    expect(finding.suggestion).toBe(meant);
    expect(finding.explanation).toContain(`did you mean ${meant}?`);
    expect(finding.explanation).toContain(why);
    expect(finding.remedy).toBe(`write ${meant} in the mapping instead of ${mapped}`);
  });

  it('suggests nothing far-fetched, and reminds that custom columns carry a prefix', () => {
    const finding = only(text('salesterritory'));

    expect(finding).toMatchObject({
      status: 'unknown-column',
      explanation: "the org's lead table has no such column",
    });
    expect(finding.suggestion).toBeUndefined();
    expect(finding.remedy).toContain('e.g. new_salesterritory');
  });

  it.each<[string, CompiledColumn, string]>([
    [
      'a choice into a String',
      { column: 'subject', kind: 'choice', source: 'choice 1', choiceValues: [1] },
      "the mapping sends a choice value, but the org's column is a String column of 300 characters",
    ],
    [
      'a boolean into a Picklist',
      { column: 'leadsourcecode', kind: 'boolean', source: 'constant true' },
      "the mapping sends a yes/no value, but the org's column is a Picklist (choice) column",
    ],
    [
      'text into a Boolean',
      text('donotemail'),
      "the mapping sends text, but the org's column is a Boolean (yes/no) column",
    ],
    [
      'text into a DateTime',
      text('createdon'),
      "the mapping sends text, but the org's column is a DateTime column",
    ],
    [
      'a lookup into a String',
      { column: 'subject', kind: 'lookup', source: 'lookup', lookupEntitySet: 'campaigns' },
      "the mapping sends a reference to another record, but the org's column is a String column of 300 characters",
    ],
  ])('reports %s as the wrong type', (_case, column, explanation) => {
    const finding = only(column);

    expect(finding.status).toBe('wrong-type');
    expect(finding.explanation).toBe(explanation);
  });

  it('says Leadbridge does not write a type it has no kind for', () => {
    expect(only(text('createdon')).remedy).toBe(
      'send text to another column: Leadbridge does not write DateTime columns',
    );
  });

  it('takes numbers into any numeric column', () => {
    const findings = compareMapping(
      [
        { column: 'numberofemployees', kind: 'number', source: 'constant 5' },
        { column: 'budgetamount', kind: 'number', source: 'constant 5' },
      ],
      ORG,
    );

    expect(findings.map((finding) => finding.status)).toEqual(['ok', 'ok']);
  });

  it('reports a column a create may not set, even when its type fits', () => {
    expect(only(text('fullname', 160))).toMatchObject({
      status: 'not-writable',
      explanation: 'Dataverse does not let a new lead set this column (IsValidForCreate is false)',
    });
    expect(
      only({ column: 'statecode', kind: 'choice', source: 'choice 1', choiceValues: [1] })
        .explanation,
    ).toContain('a new lead is always open');
  });

  it('lists the values the org accepts when a choice is out of range', () => {
    const finding = only({
      column: 'leadsourcecode',
      kind: 'choice',
      source: 'choice by Source',
      choiceValues: [8, 9, 11],
    });

    expect(finding).toMatchObject({
      status: 'choice-out-of-range',
      explanation: "the org's choice has no option 9 or 11 (it accepts 1, 2, 8, 10)",
      remedy:
        'use values leadsourcecode accepts (1, 2, 8, 10) in the mapping, or add option 9, 11 ' +
        'to leadsourcecode in Power Apps',
    });
  });

  it('compares text lengths: shorter in the org fails, longer passes, no cut is noted', () => {
    expect(only(text('address1_country', 100))).toMatchObject({
      status: 'too-short',
      explanation: "the org's column holds 80 characters, but Leadbridge sends up to 100",
    });
    expect(only(text('description', 1000)).status).toBe('ok');
    expect(only(text('cr123_offertitle'))).toMatchObject({
      status: 'ok',
      explanation:
        'a String column of 100 characters; Leadbridge does not cut this value, so one longer ' +
        'than 100 would be refused',
    });
  });

  it.each([
    ['campaignid', 'campaigns', 'ok'],
    ['campaignid', 'campaign', 'lookup-target'],
    ['campaignid', 'Campaigns', 'lookup-target'],
    ['parentaccountid', 'contacts', 'lookup-target'],
    ['customerid', 'contacts', 'ok'],
    ['customerid', 'accounts', 'ok'],
    ['new_opportunityid', 'opportunities', 'ok'],
    ['new_opportunityid', 'opportunitys', 'ok'],
  ])('a lookup %s bound to %s is %s', (column, lookupEntitySet, status) => {
    expect(only({ column, kind: 'lookup', source: 'lookup', lookupEntitySet }).status).toBe(status);
  });

  it('names the entity set to bind a lookup to, and minds the case of its letters', () => {
    const lookup = (column: string, lookupEntitySet: string) =>
      only({ column, kind: 'lookup', source: 'lookup', lookupEntitySet });

    expect(lookup('parentaccountid', 'contacts').remedy).toBe(
      'bind parentaccountid to accounts, the entity set of account (a custom table may have ' +
        'another: see its EntitySetName)',
    );
    expect(lookup('campaignid', 'Campaigns').remedy).toBe(
      'bind campaignid to campaigns: entity set names are case-sensitive',
    );
  });
});
