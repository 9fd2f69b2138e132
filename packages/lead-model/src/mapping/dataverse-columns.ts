/**
 * Maximum lengths of the `lead` table's text columns in a standard Dataverse org. Dataverse
 * rejects a longer value with 400, so every value is cut to these before it is sent.
 */
export const LEAD_COLUMN_LENGTHS = {
  subject: 300,
  firstname: 50,
  lastname: 50,
  emailaddress1: 100,
  telephone1: 50,
  mobilephone: 20,
  companyname: 100,
  jobtitle: 100,
  address1_country: 80,
  description: 2000,
} as const;

export type LeadTextColumn = keyof typeof LEAD_COLUMN_LENGTHS;

/** Column values for a Dataverse `lead` record, keyed by logical name. */
export type DataverseLeadColumns = Record<string, string | number | boolean>;
