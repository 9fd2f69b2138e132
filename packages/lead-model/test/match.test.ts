import { matchesLead } from '../src';
import { documentedExample, partnerCenterTestLead } from '@leadbridge/test-support';
import { jobFor } from './lead-job';

const widgetTrial = jobFor({
  LeadSource: 'AppSource (SPZA)-PLT|fabrikam.crm-addin',
  OfferTitle: 'CRM Add-in',
});
const example = jobFor(documentedExample);

describe('which leads a destination takes', () => {
  it('takes every lead when there is no match, or an empty one', () => {
    expect(matchesLead(undefined, example)).toBe(true);
    expect(matchesLead({}, widgetTrial)).toBe(true);
  });

  it('takes a lead whose value is any of the listed ones, ignoring case', () => {
    expect(matchesLead({ offerId: ['contoso.other', 'FABRIKAM.CRM-ADDIN'] }, widgetTrial)).toBe(
      true,
    );
    expect(matchesLead({ source: ['appsource (spza)'] }, widgetTrial)).toBe(true);
    expect(matchesLead({ offerTitle: ['crm add-in'] }, widgetTrial)).toBe(true);
    expect(matchesLead({ actionCode: ['ins'] }, example)).toBe(true);
    expect(matchesLead({ actionCode: ['INS'] }, widgetTrial)).toBe(false);
  });

  it('requires every given criterion', () => {
    expect(matchesLead({ source: ['AppSource (SPZA)'], actionCode: ['PLT'] }, widgetTrial)).toBe(
      true,
    );
    expect(matchesLead({ source: ['AppSource (SPZA)'], actionCode: ['INS'] }, widgetTrial)).toBe(
      false,
    );
  });

  it('never matches an offer id list for a lead that names no offer id', () => {
    expect(matchesLead({ offerId: ['contoso.test-microsoft'] }, example)).toBe(false);
  });

  it("tells Partner Center's test leads from real ones", () => {
    const testLead = jobFor(partnerCenterTestLead);

    expect(matchesLead({ testLead: true }, testLead)).toBe(true);
    expect(matchesLead({ testLead: true }, example)).toBe(false);
    expect(matchesLead({ testLead: false }, testLead)).toBe(false);
    expect(matchesLead({ testLead: false }, example)).toBe(true);
  });

  it('matches nothing with an empty list', () => {
    expect(matchesLead({ source: [] }, example)).toBe(false);
  });
});
