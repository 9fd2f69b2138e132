/** The example lead from Microsoft's documentation for HTTPS endpoints. */
export const documentedExample = {
  UserDetails: {
    FirstName: 'Some',
    LastName: 'One',
    Email: 'someone@contoso.com',
    Phone: '16175555555',
    Country: 'USA',
    Company: 'Contoso',
    Title: 'Esquire',
  },
  LeadSource: 'AzureMarketplace',
  ActionCode: 'INS',
  OfferTitle: 'Test Microsoft',
  Description: 'Test run through Power Automate',
};

/** What Partner Center's "Validate" button sends. */
export const partnerCenterTestLead = {
  UserDetails: {
    FirstName: 'MSFT_TEST_636573304831318844',
    LastName: 'MSFT_TEST_636573304831318844',
    Email: 'MSFT_TEST_636573304831318844@test.com',
    Phone: '1234567890',
    Country: 'US',
    Company: 'MSFT_TEST_636573304831318844',
    Title: 'MSFT_TEST_636573304831318844',
  },
  LeadSource: 'AzureMarketplace',
  ActionCode: 'INS',
  OfferTitle: 'Contoso Test',
  Description: 'MSFT_TEST_636573304831318844',
};
