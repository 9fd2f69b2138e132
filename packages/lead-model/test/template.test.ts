import { escapeHtml, leadFieldValues, parseTemplate, renderTemplate, type Template } from '../src';
import { documentedExample, partnerCenterTestLead } from '@leadbridge/test-support';
import { jobFor } from './lead-job';

function parsed(source: string): Template {
  const result = parseTemplate(source);
  if (!result.ok) throw new Error(`expected a valid template: ${result.problems.join('; ')}`);
  return result.template;
}

const example = leadFieldValues(jobFor(documentedExample));

describe('templates', () => {
  it('fills placeholders with the lead field values', () => {
    const template = parsed('{OfferTitle} – {ActionName} from {FullName} <{UserDetails.Email}>');

    expect(renderTemplate(template, example)).toBe(
      'Test Microsoft – Get it now / install from Some One <someone@contoso.com>',
    );
    expect(template.fields).toEqual(['OfferTitle', 'ActionName', 'FullName', 'UserDetails.Email']);
  });

  it('writes doubled braces as literal braces', () => {
    expect(renderTemplate(parsed('{{OfferTitle}} is {{{OfferTitle}}}'), example)).toBe(
      '{OfferTitle} is {Test Microsoft}',
    );
  });

  it('renders a missing value as nothing and a boolean as yes or no', () => {
    const template = parsed('[{OfferId}] test: {IsTestLead}');

    expect(renderTemplate(template, example)).toBe('[] test: no');
    expect(renderTemplate(template, leadFieldValues(jobFor(partnerCenterTestLead)))).toBe(
      '[] test: yes',
    );
  });

  it('escapes the values but never the template text', () => {
    const values = leadFieldValues(
      jobFor({
        OfferTitle: '<script>alert("x")</script>',
        UserDetails: { Company: "O'Neil & Co" },
      }),
    );

    const html = renderTemplate(
      parsed('<b>{OfferTitle}</b> – {UserDetails.Company}'),
      values,
      escapeHtml,
    );

    expect(html).toBe(
      '<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b> – O&#39;Neil &amp; Co',
    );
  });

  it('reads unknown fields Microsoft sent, objects as compact JSON', () => {
    const values = leadFieldValues(
      jobFor({ PlanId: 'gold', Seats: 3, Tags: { b: 2, a: [1] }, UserDetails: { Middle: 'Q' } }),
    );

    expect(
      renderTemplate(
        parsed(
          '{Extra.PlanId}/{Extra.Seats}/{Extra.Tags}/{Extra.UserDetails.Middle}/{Extra.Missing}',
        ),
        values,
      ),
    ).toBe('gold/3/{"a":[1],"b":2}/Q/');
  });

  it('accepts field names in any letter case, and spaces inside the braces', () => {
    expect(
      renderTemplate(
        parsed('{ offertitle } {EXTRA.planid}'),
        leadFieldValues(jobFor({ OfferTitle: 'W', PlanId: 'g' })),
      ),
    ).toBe('W g');
  });

  it('lists every problem of a broken template', () => {
    expect(parseTemplate('{Nope} {} {OfferTitle')).toEqual({
      ok: false,
      problems: [
        'empty placeholder "{}" at character 8',
        'unclosed "{" at character 11 (write "{{" for a literal brace)',
        'unknown field "Nope"',
      ],
    });
    expect(parseTemplate('{UserDetails.Emial}')).toEqual({
      ok: false,
      problems: ['unknown field "UserDetails.Emial" (did you mean "UserDetails.Email"?)'],
    });
  });
});
