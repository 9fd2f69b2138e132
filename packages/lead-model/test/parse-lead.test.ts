import { parseLead, type Lead } from '../src';
import { documentedExample } from '@leadbridge/test-support';

function accepted(body: unknown): Lead {
  const result = parseLead(body);
  if (!result.ok) throw new Error(`expected the lead to be accepted: ${JSON.stringify(result)}`);
  return result.lead;
}

describe('parseLead', () => {
  it("keeps every field of Microsoft's documented example", () => {
    const lead = accepted(documentedExample);

    expect(lead).toEqual({
      ...documentedExample,
      Extra: {},
    });
  });

  it('accepts keys in camelCase or any other letter case and names them as Microsoft documents', () => {
    const lead = accepted({
      userDetails: { firstName: 'Ada', LASTNAME: 'Lovelace', email: 'ada@example.com' },
      offerTitle: 'Widget',
      actioncode: 'PLT',
    });

    expect(lead.UserDetails).toEqual({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'ada@example.com',
    });
    expect(lead.OfferTitle).toBe('Widget');
    expect(lead.ActionCode).toBe('PLT');
  });

  it('accepts a lead with no personal data at all, as Microsoft sends for some customers', () => {
    const lead = accepted({ LeadSource: 'AzureMarketplace', ActionCode: 'INS' });

    expect(lead.UserDetails).toEqual({});
    expect(lead.LeadSource).toBe('AzureMarketplace');
  });

  it('accepts an empty object and a null UserDetails', () => {
    expect(accepted({}).UserDetails).toEqual({});
    expect(accepted({ UserDetails: null }).UserDetails).toEqual({});
  });

  it('trims strings, drops blank and null values, and turns numbers into strings', () => {
    const lead = accepted({
      OfferTitle: '  Widget  ',
      Description: '   ',
      UserDetails: { Phone: 16175555555, Company: null, Country: ' US ' },
    });

    expect(lead.OfferTitle).toBe('Widget');
    expect(lead).not.toHaveProperty('Description');
    expect(lead.UserDetails).toEqual({ Phone: '16175555555', Country: 'US' });
  });

  it('keeps unknown fields, top-level and inside UserDetails, as they were sent', () => {
    const lead = accepted({
      OfferTitle: 'Widget',
      PlanId: 'gold',
      Nested: { a: [1, 2] },
      UserDetails: { Email: 'x@example.com', Linkedin: 'in/x' },
    });

    expect(lead.Extra).toEqual({
      PlanId: 'gold',
      Nested: { a: [1, 2] },
      'UserDetails.Linkedin': 'in/x',
    });
  });

  it('keeps the second of two keys that differ only in case as an extra field', () => {
    const lead = accepted({ OfferTitle: 'First', offertitle: 'Second' });

    expect(lead.OfferTitle).toBe('First');
    expect(lead.Extra).toEqual({ offertitle: 'Second' });
  });

  it('never lets a __proto__ key reach an object prototype', () => {
    const body = JSON.parse(
      '{"__proto__": {"polluted": true}, "UserDetails": {"__proto__": {"x": 1}}}',
    );
    const lead = accepted(body);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(lead.Extra)).toBe(Object.prototype);
    expect(lead.Extra).toEqual({});
  });

  it.each([
    ['an array', [documentedExample]],
    ['a string', 'lead'],
    ['a number', 42],
    ['null', null],
  ])('refuses a body that is %s', (_kind, body) => {
    expect(parseLead(body)).toEqual({
      ok: false,
      problems: [{ field: '(body)', message: 'must be a JSON object' }],
    });
  });

  it('refuses UserDetails given as a string, naming the field', () => {
    expect(parseLead({ UserDetails: 'Some One' })).toEqual({
      ok: false,
      problems: [{ field: 'UserDetails', message: 'must be an object' }],
    });
  });

  it('names every field of the wrong kind, in Microsoft casing, whatever casing was sent', () => {
    const result = parseLead({ offerTitle: ['a'], userdetails: { email: { address: 'x' } } });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { field: 'OfferTitle', message: 'must be a string' },
        { field: 'UserDetails.Email', message: 'must be a string' },
      ]),
    );
  });
});

describe('parseLead with deeply nested input', () => {
  it('refuses a body nested deeper than 32 levels, without overflowing the stack', () => {
    const deep = JSON.parse(`{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);

    expect(parseLead(deep)).toEqual({
      ok: false,
      problems: [{ field: '(body)', message: 'is nested more than 32 levels deep' }],
    });
  });

  it('accepts unknown fields nested a few levels deep', () => {
    expect(parseLead({ OfferTitle: 'W', Extra1: { a: { b: { c: [1, [2]] } } } }).ok).toBe(true);
  });
});
