import { actionName } from './action-names';
import { canonicalJson } from './lead-id';
import {
  LEAD_COLUMN_LENGTHS,
  type DataverseLeadColumns,
  type LeadTextColumn,
} from './dataverse-columns';
import type { Lead, LeadOrigin, UserDetails } from './types';

/** Which lead field fills which Dataverse column by default. */
const USER_COLUMNS: ReadonlyArray<[keyof UserDetails, LeadTextColumn]> = [
  ['FirstName', 'firstname'],
  ['LastName', 'lastname'],
  ['Email', 'emailaddress1'],
  ['Phone', 'telephone1'],
  ['Company', 'companyname'],
  ['Title', 'jobtitle'],
  ['Country', 'address1_country'],
];

export interface MappedLead {
  columns: DataverseLeadColumns;
  /** Columns whose value was cut to fit; their full value is in `description`. */
  truncated: LeadTextColumn[];
}

const ELLIPSIS = '…';

function cut(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max - ELLIPSIS.length) + ELLIPSIS;
}

/** "Test Microsoft – Get it now / install (INS)", or what is known of it. */
export function leadTopic(lead: Lead, origin: LeadOrigin): string {
  const action = origin.actionCode
    ? `${actionName(origin.actionCode)}${actionName(origin.actionCode) === origin.actionCode ? '' : ` (${origin.actionCode})`}`
    : undefined;
  const offer = lead.OfferTitle ?? origin.offerId ?? 'Marketplace lead';
  const test = origin.isTestLead ? ' [Microsoft test lead]' : '';
  return `${offer}${action ? ` – ${action}` : ''}${test}`;
}

/**
 * The default mapping of a marketplace lead to Dataverse `lead` columns. Nothing the lead carried
 * is lost: the source, action, offer and unknown fields go into the description, and any value
 * too long for its column is cut there and kept whole in the description.
 */
export function mapLeadToDataverse(lead: Lead, origin: LeadOrigin, leadId: string): MappedLead {
  const columns: DataverseLeadColumns = {};
  const truncated: LeadTextColumn[] = [];
  const overflow: string[] = [];

  function put(column: LeadTextColumn, value: string | undefined, label: string): void {
    if (value === undefined) return;
    const max = LEAD_COLUMN_LENGTHS[column];
    columns[column] = cut(value, max);
    if (value.length > max) {
      truncated.push(column);
      overflow.push(`${label} (in full): ${value}`);
    }
  }

  put('subject', leadTopic(lead, origin), 'Topic');
  for (const [field, column] of USER_COLUMNS) put(column, lead.UserDetails[field], field);

  const facts = [
    ['Lead source', lead.LeadSource],
    ['Action', origin.actionCode && `${origin.actionCode} – ${actionName(origin.actionCode)}`],
    ['Offer', [lead.OfferTitle, origin.offerId].filter(Boolean).join(' / ') || undefined],
    ['Microsoft test lead', origin.isTestLead ? 'yes' : undefined],
    ['Leadbridge lead id', leadId],
  ]
    .filter((fact): fact is [string, string] => typeof fact[1] === 'string')
    .map(([label, value]) => `${label}: ${value}`);
  const extra =
    Object.keys(lead.Extra).length > 0 ? [`Other fields: ${canonicalJson(lead.Extra)}`] : [];
  const sections = [
    lead.Description,
    ['Marketplace lead', ...facts].join('\n'),
    ...overflow,
    ...extra,
  ];
  const description = sections.filter((part): part is string => !!part).join('\n\n');
  columns.description = cut(description, LEAD_COLUMN_LENGTHS.description);
  return { columns, truncated };
}
