import type { Lead } from './types';

// Partner Center's validation leads carry MSFT_TEST_<digits> in names, company, description, e-mail.
const TEST_MARKER = /MSFT_TEST/i;

/** True for the test leads Partner Center sends on "Validate" and on each publish. */
export function isMicrosoftTestLead(lead: Lead): boolean {
  const { FirstName, LastName, Company, Email } = lead.UserDetails;
  return [FirstName, LastName, Company, Email, lead.Description].some(
    (value) => value !== undefined && TEST_MARKER.test(value),
  );
}
