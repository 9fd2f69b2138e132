import { LEAD_FIELDS, PERSONAL_DATA_KIND_NAMES, personalDataKindOf } from '../src';

describe('personal data kinds of lead fields', () => {
  it('names who the customer is, and leaves what the lead is (offer, action, source, country) out', () => {
    const kinds = Object.fromEntries(
      LEAD_FIELDS.map((field) => [field, personalDataKindOf(field)]),
    );

    expect(kinds).toEqual({
      LeadId: undefined,
      ReceivedAt: undefined,
      ActionCode: undefined,
      ActionName: undefined,
      OfferTitle: undefined,
      OfferId: undefined,
      PublisherId: undefined,
      Source: undefined,
      LeadSource: undefined,
      IsTestLead: undefined,
      Description: 'description',
      Topic: undefined,
      FullName: 'name',
      'UserDetails.FirstName': 'name',
      'UserDetails.LastName': 'name',
      'UserDetails.Email': 'email',
      'UserDetails.Phone': 'phone',
      'UserDetails.Country': undefined,
      'UserDetails.Company': 'company',
      'UserDetails.Title': 'title',
    });
  });

  it('counts fields Microsoft added, in any letter case, as extra, and knows no kind of an unknown name', () => {
    expect(personalDataKindOf('Extra.LinkedInProfile')).toBe('extra');
    expect(personalDataKindOf('userdetails.email')).toBe('email');
    expect(personalDataKindOf('Offer')).toBeUndefined();
    expect(PERSONAL_DATA_KIND_NAMES).toEqual([
      'name',
      'email',
      'phone',
      'company',
      'title',
      'description',
      'extra',
    ]);
  });
});
