import { contentKeyFor, parseLead, type Lead } from '../src';
import { documentedExample } from '@leadbridge/test-support';

function lead(body: unknown): Lead {
  const result = parseLead(body);
  if (!result.ok) throw new Error('fixture must be valid');
  return result.lead;
}

describe('contentKeyFor', () => {
  it('is a version 5 UUID', () => {
    expect(contentKeyFor(lead(documentedExample))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('is stable across releases for the same lead (it is the Dataverse record id)', () => {
    expect(contentKeyFor(lead(documentedExample))).toBe(contentKeyFor(lead(documentedExample)));
    // Pinned: changing how ids are derived would write every redelivered lead a second time.
    expect(contentKeyFor(lead(documentedExample))).toBe('8e410cc3-986f-5100-aa29-8a435023d14a');
  });

  it('gives a redelivery the same id whatever its key order, key casing or white space', () => {
    const reordered = {
      offerTitle: ' Test Microsoft ',
      description: 'Test run through Power Automate',
      actionCode: 'INS',
      leadSource: 'AzureMarketplace',
      userDetails: { ...documentedExample.UserDetails },
    };

    expect(contentKeyFor(lead(reordered))).toBe(contentKeyFor(lead(documentedExample)));
  });

  it('gives different leads different ids', () => {
    const other = { ...documentedExample, ActionCode: 'PLT' };

    expect(contentKeyFor(lead(other))).not.toBe(contentKeyFor(lead(documentedExample)));
  });

  it('tells leads apart by their extra fields too', () => {
    const a = { ...documentedExample, PlanId: 'gold' };
    const b = { ...documentedExample, PlanId: 'silver' };

    expect(contentKeyFor(lead(a))).not.toBe(contentKeyFor(lead(b)));
  });
});
