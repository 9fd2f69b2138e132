import { LEAD_FIELDS, isLeadField, leadFieldValue, leadFieldValues } from '../src';
import { documentedExample, partnerCenterTestLead } from '@leadbridge/test-support';
import { jobFor } from './lead-job';

describe('lead fields', () => {
  it("gives every field of Microsoft's documented example", () => {
    const job = jobFor({ ...documentedExample, LeadSource: 'AzureMarketplace-INS|contoso.widget' });

    expect(leadFieldValues(job)).toEqual({
      LeadId: job.leadId,
      ReceivedAt: '2025-03-01T12:00:00.000Z',
      ActionCode: 'INS',
      ActionName: 'Get it now / install',
      OfferTitle: 'Test Microsoft',
      OfferId: 'contoso.widget',
      PublisherId: 'contoso',
      Source: 'AzureMarketplace',
      LeadSource: 'AzureMarketplace-INS|contoso.widget',
      IsTestLead: false,
      Description: 'Test run through Power Automate',
      Topic: 'Test Microsoft – Get it now / install (INS)',
      FullName: 'Some One',
      'UserDetails.FirstName': 'Some',
      'UserDetails.LastName': 'One',
      'UserDetails.Email': 'someone@contoso.com',
      'UserDetails.Phone': '16175555555',
      'UserDetails.Country': 'USA',
      'UserDetails.Company': 'Contoso',
      'UserDetails.Title': 'Esquire',
    });
    expect(Object.keys(leadFieldValues(job)).sort()).toEqual([...LEAD_FIELDS].sort());
  });

  it("marks Partner Center's test lead and names a person from whichever name exists", () => {
    expect(leadFieldValues(jobFor(partnerCenterTestLead)).IsTestLead).toBe(true);
    expect(leadFieldValues(jobFor({ UserDetails: { LastName: 'Doe' } })).FullName).toBe('Doe');
    expect(leadFieldValues(jobFor({})).FullName).toBeUndefined();
  });

  it('gives unknown fields as Extra.<key>, non-text ones as compact JSON and null as missing', () => {
    const values = leadFieldValues(
      jobFor({ PlanId: 'gold', Seats: 3, Trial: true, Gone: null, UserDetails: { Middle: 'Q' } }),
    );

    expect(values).toMatchObject({
      'Extra.PlanId': 'gold',
      'Extra.Seats': '3',
      'Extra.Trial': 'true',
      'Extra.UserDetails.Middle': 'Q',
    });
    expect(values['Extra.Gone']).toBeUndefined();
    expect(leadFieldValue(values, 'extra.planid')).toBe('gold');
  });

  it('knows the documented names, any Extra.<key>, and ignores letter case', () => {
    expect(isLeadField('UserDetails.Email')).toBe(true);
    expect(isLeadField('userdetails.email')).toBe(true);
    expect(isLeadField('Extra.AnythingMicrosoftSends')).toBe(true);
    expect(isLeadField('Extra.')).toBe(false);
    expect(isLeadField('Email')).toBe(false);
    expect(isLeadField('Marketplace')).toBe(false);
  });
});
