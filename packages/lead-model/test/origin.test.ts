import { describeOrigin, parseLead, parseLeadSource, type Lead } from '../src';
import { documentedExample, partnerCenterTestLead } from '@leadbridge/test-support';

function lead(body: object): Lead {
  const result = parseLead(body);
  if (!result.ok) throw new Error('fixture must be valid');
  return result.lead;
}

describe('parseLeadSource', () => {
  it('reads the plain form', () => {
    expect(parseLeadSource('AzureMarketplace')).toEqual({ source: 'AzureMarketplace' });
  });

  it('reads the composite Source-Action|publisher.offer form', () => {
    expect(parseLeadSource('AzureMarketplace-INS|contoso.contoso-widget-byol')).toEqual({
      source: 'AzureMarketplace',
      actionCode: 'INS',
      offerId: 'contoso.contoso-widget-byol',
      publisherId: 'contoso',
    });
  });

  it('reads a source with spaces and an action', () => {
    expect(parseLeadSource('AppSource (SPZA)-PLT|fabrikam.crm-addin')).toEqual({
      source: 'AppSource (SPZA)',
      actionCode: 'PLT',
      offerId: 'fabrikam.crm-addin',
      publisherId: 'fabrikam',
    });
  });

  it('keeps an unknown action code as data', () => {
    expect(parseLeadSource('AzurePortal-Renew|a.b').actionCode).toBe('Renew');
  });

  it('returns nothing for a missing source', () => {
    expect(parseLeadSource(undefined)).toEqual({});
  });
});

describe('describeOrigin', () => {
  it('takes the action from ActionCode in the documented HTTPS example', () => {
    expect(describeOrigin(lead(documentedExample))).toEqual({
      source: 'AzureMarketplace',
      actionCode: 'INS',
      isTestLead: false,
    });
  });

  it('takes the action and offer from a composite LeadSource when ActionCode is absent', () => {
    const origin = describeOrigin(lead({ LeadSource: 'AzureMarketplace-DNC|contoso.widget' }));

    expect(origin).toMatchObject({ actionCode: 'DNC', offerId: 'contoso.widget' });
  });

  it("recognises Partner Center's validation lead", () => {
    expect(describeOrigin(lead(partnerCenterTestLead)).isTestLead).toBe(true);
  });

  it('recognises a test lead whose only marker is in the description', () => {
    expect(describeOrigin(lead({ Description: 'msft_test_123' })).isTestLead).toBe(true);
  });
});
