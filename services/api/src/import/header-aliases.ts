import { headerKey, type ImportField } from './import-fields';

/**
 * Headers read without a `--columns` file, compared by {@link headerKey}. Partner Center's
 * marketplace leads export names its creation time `LeadCreationDateTime`; its other columns
 * follow the names Partner Center shows (Customer name is the customer's company, Call-to-action,
 * Lead source…). The rest are the names common spreadsheets and CRM exports give the same data.
 */
const ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  CreatedAt: [
    'LeadCreationDateTime',
    'Lead creation date',
    'Created date',
    'Created date time',
    'Created',
    'Created on',
    'Created at',
    'Creation date',
    'Date created',
    'Lead created',
    'Date',
  ],
  'UserDetails.Email': [
    'Email',
    'Email address',
    'Customer email',
    'Customer email address',
    'Contact email',
    'Contact email address',
    'Business email',
    'Work email',
  ],
  'UserDetails.FirstName': [
    'First name',
    'Contact first name',
    'Customer first name',
    'Given name',
  ],
  'UserDetails.LastName': [
    'Last name',
    'Contact last name',
    'Customer last name',
    'Surname',
    'Family name',
  ],
  FullName: ['Name', 'Full name', 'Contact name', 'Customer contact name'],
  'UserDetails.Phone': [
    'Phone',
    'Phone number',
    'Telephone',
    'Contact phone',
    'Customer phone',
    'Business phone',
    'Mobile',
  ],
  'UserDetails.Country': [
    'Country',
    'Country/region',
    'Customer country',
    'Customer country/region',
  ],
  'UserDetails.Company': [
    'Company',
    'Company name',
    'Customer name',
    'Customer company',
    'Organization',
    'Organisation',
    'Account name',
  ],
  'UserDetails.Title': ['Title', 'Job title', 'Contact title'],
  OfferTitle: [
    'Offer',
    'Offer title',
    'Offer name',
    'Offer display name',
    'Product',
    'Product name',
  ],
  OfferId: ['Offer id', 'Product id', 'Listing id'],
  LeadSource: ['Lead source', 'Source', 'Marketplace', 'Referral source'],
  ActionCode: ['Action code', 'Action', 'Call to action', 'Call-to-action', 'CTA'],
  Description: [
    'Description',
    'Notes',
    'Customer notes',
    'Comments',
    'Message',
    'Customer message',
    'Lead notes',
  ],
};

const ALIAS_FIELDS: ReadonlyMap<string, ImportField> = new Map(
  Object.entries(ALIASES).flatMap(([field, names]) =>
    names.map((name) => [headerKey(name), field as ImportField] as const),
  ),
);

/** The field a header fills without a `--columns` file, or undefined when unknown. */
export function aliasedField(header: string): ImportField | undefined {
  return ALIAS_FIELDS.get(headerKey(header));
}
