import { actionName } from '../action-names';
import { canonicalJson } from '../content-key';
import type { ColumnPlan } from './column-plan';
import type { MappingInput } from './mapping-spec';

/** Sections separated by a blank line; empty ones left out. */
export function joinSections(sections: ReadonlyArray<string | undefined>): string {
  return sections.filter((part): part is string => !!part).join('\n\n');
}

/**
 * One short line for a lead imported from a file: a salesperson reading the record should know it
 * was not received at the time Microsoft created it. The date alone, as Partner Center shows it.
 */
function importedLine(imported: MappingInput['imported']): string | undefined {
  if (!imported) return undefined;
  // A CSV file is usually Partner Center's export, but may be any spreadsheet: say only what is sure.
  const from = imported.source === 'csv' ? 'a CSV export' : 'an NDJSON file';
  const created = imported.createdAt ? ` (created ${imported.createdAt.slice(0, 10)})` : '';
  return `Imported from ${from}${created}`;
}

/**
 * The default description. Nothing the lead carried is lost: where the lead came from and its id,
 * every value cut to fit its column (in full), the fields Leadbridge does not know and the
 * customer's own description. That text comes last because it is the one part that may be cut
 * when the whole is longer than the column: the rest exists nowhere else in the record.
 */
function defaultDescription(job: MappingInput, overflow: readonly string[]): string {
  const { lead, origin } = job;
  const facts = [
    ['Lead source', lead.LeadSource],
    ['Action', origin.actionCode && `${origin.actionCode} – ${actionName(origin.actionCode)}`],
    ['Offer', [lead.OfferTitle, origin.offerId].filter(Boolean).join(' / ') || undefined],
    ['Microsoft test lead', origin.isTestLead ? 'yes' : undefined],
    ['Leadbridge lead id', job.leadId],
  ]
    .filter((fact): fact is [string, string] => typeof fact[1] === 'string')
    .map(([label, value]) => `${label}: ${value}`);
  // With the facts, before anything that may be cut when the whole is too long for the column.
  const imported = importedLine(job.imported);
  if (imported) facts.push(imported);
  const extra =
    Object.keys(lead.Extra).length > 0 ? `Other fields: ${canonicalJson(lead.Extra)}` : undefined;
  return joinSections([
    ['Marketplace lead', ...facts].join('\n'),
    ...overflow,
    extra,
    lead.Description,
  ]);
}

/** The default mapping's `description` column. */
export function defaultDescriptionPlan(maxLength: number | undefined): ColumnPlan {
  return {
    info: {
      column: 'description',
      kind: 'text',
      source:
        "default description (the lead's description, its origin, values cut from other columns, unknown fields)",
      ...(maxLength === undefined ? {} : { maxLength }),
    },
    label: 'description',
    value: ({ job, overflow }) => defaultDescription(job, overflow),
  };
}
