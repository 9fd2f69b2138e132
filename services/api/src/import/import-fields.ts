/**
 * What a column of an imported file can fill: a field of the Microsoft payload, the offer id
 * (which becomes part of `LeadSource`, as Microsoft's composite form carries it), the whole name
 * (split into first and last), or the time Microsoft created the lead.
 */
export type ImportField =
  | 'UserDetails.FirstName'
  | 'UserDetails.LastName'
  | 'UserDetails.Email'
  | 'UserDetails.Phone'
  | 'UserDetails.Country'
  | 'UserDetails.Company'
  | 'UserDetails.Title'
  | 'FullName'
  | 'OfferTitle'
  | 'OfferId'
  | 'LeadSource'
  | 'ActionCode'
  | 'Description'
  | 'CreatedAt';

/** A column's target: a known field, an unknown field kept as `Extra.<key>`, or nothing. */
export type ColumnTarget =
  { kind: 'field'; field: ImportField } | { kind: 'extra'; key: string } | { kind: 'ignore' };

export const IMPORT_FIELDS: readonly ImportField[] = Object.freeze([
  'UserDetails.FirstName',
  'UserDetails.LastName',
  'UserDetails.Email',
  'UserDetails.Phone',
  'UserDetails.Country',
  'UserDetails.Company',
  'UserDetails.Title',
  'FullName',
  'OfferTitle',
  'OfferId',
  'LeadSource',
  'ActionCode',
  'Description',
  'CreatedAt',
]);

/**
 * A header or a field name as compared: letter case, spaces and the punctuation spreadsheets put
 * in headers (`-`, `_`, `.`, `/`, brackets) do not count, so "E-mail address", "email_address"
 * and "EmailAddress" are one name.
 */
export function headerKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_./()[\]]+/g, '');
}

const BY_KEY: ReadonlyMap<string, ImportField> = new Map(
  IMPORT_FIELDS.flatMap((field) => {
    const short = field.replace('UserDetails.', '');
    return [
      [headerKey(field), field],
      [headerKey(short), field],
    ] as const;
  }),
);

/** A field named in a `--columns` file: `UserDetails.Email` or `Email`, in any case. */
export function importFieldNamed(name: string): ImportField | undefined {
  return BY_KEY.get(headerKey(name));
}
