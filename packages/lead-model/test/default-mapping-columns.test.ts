import { compileMapping } from '../src/mapping';
import { documentedExample, partnerCenterTestLead } from '@leadbridge/test-support';
import { jobFor } from './lead-job';

const DEFAULT_MAPPING = compileMapping().mapping;

function map(body: object) {
  return DEFAULT_MAPPING.map(jobFor(body));
}

describe('the default mapping, column by column', () => {
  it("maps Microsoft's example field by field", () => {
    const { columns, truncated } = map(documentedExample);

    expect(columns).toEqual({
      subject: 'Test Microsoft – Get it now / install (INS)',
      firstname: 'Some',
      lastname: 'One',
      emailaddress1: 'someone@contoso.com',
      telephone1: '16175555555',
      companyname: 'Contoso',
      jobtitle: 'Esquire',
      address1_country: 'USA',
      description: [
        [
          'Marketplace lead',
          'Lead source: AzureMarketplace',
          'Action: INS – Get it now / install',
          'Offer: Test Microsoft',
          'Leadbridge lead id: 8e410cc3-986f-5100-aa29-8a435023d14a',
        ].join('\n'),
        'Test run through Power Automate',
      ].join('\n\n'),
    });
    expect(truncated).toEqual([]);
  });

  it('cuts an over-long value to its column and keeps it whole in the description', () => {
    const longCompany = 'C'.repeat(150);
    const { columns, truncated } = map({
      ...documentedExample,
      UserDetails: { Company: longCompany },
    });

    expect(columns.companyname).toHaveLength(100);
    expect(String(columns.companyname).endsWith('…')).toBe(true);
    expect(truncated).toEqual(['companyname']);
    expect(columns.description).toContain(`Company (in full): ${longCompany}`);
  });

  it('never sends a description longer than 2000 characters', () => {
    const { columns } = map({ ...documentedExample, Description: 'd'.repeat(5000) });

    expect(String(columns.description)).toHaveLength(2000);
  });

  it('names the offer and action from a composite LeadSource and keeps unknown fields', () => {
    const { columns } = map({
      LeadSource: 'AppSource (SPZA)-PLT|fabrikam.crm-addin',
      PlanId: 'gold',
      UserDetails: { LastName: 'Doe' },
    });

    expect(columns.subject).toBe('fabrikam.crm-addin – Contact me / trial (PLT)');
    expect(columns.description).toContain('Offer: fabrikam.crm-addin');
    expect(columns.description).toContain('Other fields: {"PlanId":"gold"}');
    expect(columns).not.toHaveProperty('firstname');
  });

  it('marks a Partner Center test lead in the topic', () => {
    expect(map(partnerCenterTestLead).columns.subject).toBe(
      'Contoso Test – Get it now / install (INS) [Microsoft test lead]',
    );
  });

  it('still gives a lead with no data at all a topic and a description', () => {
    const { columns } = map({});

    expect(columns.subject).toBe('Marketplace lead');
    expect(columns.description).toMatch(/^Marketplace lead\nLeadbridge lead id: /);
  });

  it('shows an unknown action code as it came', () => {
    expect(map({ OfferTitle: 'W', ActionCode: 'Renew' }).columns.subject).toBe('W – Renew');
  });
});
