import {
  escapeHtml,
  leadFieldValues,
  parseTemplate,
  renderTemplate,
  type DestinationJobData,
  type LeadFieldValues,
  type Template,
} from '@leadbridge/lead-model';

/**
 * How an e-mail destination writes its notification. `subject`, `text` and `html` are templates
 * with `{Field}` placeholders (see lead-model's LEAD_FIELDS); each one left out gets the default,
 * laid out like Microsoft's Power Automate lead flow.
 */
export interface LeadEmailSettings {
  from: string;
  to: readonly string[];
  cc?: readonly string[];
  /** @defaultValue `New lead from {Source} for {OfferTitle}`, or `New lead: {Topic}` when either is missing */
  subject?: string;
  /** @defaultValue one "Label: value" line per lead field */
  text?: string;
  /**
   * @defaultValue the same fields as a table; left out when a custom `text` is given without
   * `html`, so the reader sees what was written rather than the default HTML part
   */
  html?: string;
}

/** A message ready for nodemailer's `sendMail`. */
export interface LeadEmail {
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  /** `<lead-<lead id>.<destination>@leadbridge>`: a redelivery carries the same id. */
  messageId: string;
  headers: Record<string, string>;
}

/** The rows of the default bodies: what a salesperson needs to follow the lead up. */
const DEFAULT_ROWS: ReadonlyArray<readonly [label: string, field: string]> = [
  ['Last name', 'UserDetails.LastName'],
  ['First name', 'UserDetails.FirstName'],
  ['Email', 'UserDetails.Email'],
  ['Phone', 'UserDetails.Phone'],
  ['Company', 'UserDetails.Company'],
  ['Title', 'UserDetails.Title'],
  ['Country', 'UserDetails.Country'],
  ['Lead source', 'LeadSource'],
  ['Action', 'ActionName'],
  ['Offer', 'OfferTitle'],
  ['Description', 'Description'],
  ['Microsoft test lead', 'IsTestLead'],
  ['Leadbridge lead id', 'LeadId'],
];

/** A template the caller (configuration) promised is valid; a bad one is a bug, so it throws. */
function compile(source: string, what: string): Template {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`invalid e-mail ${what} template: ${parsed.problems.join('; ')}`);
  return parsed.template;
}

const DEFAULT_SUBJECT = compile('New lead from {Source} for {OfferTitle}', 'subject');
const FALLBACK_SUBJECT = compile('New lead: {Topic}', 'subject');
const DEFAULT_TEXT = compile(
  DEFAULT_ROWS.map(([label, field]) => `${label}: {${field}}`).join('\n'),
  'text',
);
const DEFAULT_HTML = compile(
  [
    '<!DOCTYPE html>',
    '<html><body>',
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...DEFAULT_ROWS.map(
      ([label, field]) =>
        `<tr><th align="left" valign="top">${label}</th>` +
        `<td style="white-space:pre-wrap">{${field}}</td></tr>`,
    ),
    '</table>',
    '</body></html>',
  ].join('\n'),
  'html',
);

/** One header line: a value with a line break could otherwise start a header of its own. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function subjectFor(settings: LeadEmailSettings, values: LeadFieldValues): string {
  if (settings.subject !== undefined) {
    const custom = oneLine(renderTemplate(compile(settings.subject, 'subject'), values));
    if (custom !== '') return custom; // every field it names was missing: use the default
  }
  const complete = values.Source !== undefined && values.OfferTitle !== undefined;
  return oneLine(renderTemplate(complete ? DEFAULT_SUBJECT : FALLBACK_SUBJECT, values));
}

function htmlFor(settings: LeadEmailSettings, values: LeadFieldValues): string | undefined {
  if (settings.html !== undefined) {
    return renderTemplate(compile(settings.html, 'html'), values, escapeHtml);
  }
  if (settings.text !== undefined) return undefined;
  return renderTemplate(DEFAULT_HTML, values, escapeHtml);
}

/**
 * The notification for one lead. Lead values are HTML-escaped in the HTML part only: the text
 * part and the subject are plain text, where an escape would show as `&amp;`.
 */
export function renderLeadEmail(settings: LeadEmailSettings, job: DestinationJobData): LeadEmail {
  const values = leadFieldValues(job);
  const text = renderTemplate(
    settings.text === undefined ? DEFAULT_TEXT : compile(settings.text, 'text'),
    values,
  );
  const html = htmlFor(settings, values);
  return {
    from: settings.from,
    to: [...settings.to],
    ...(settings.cc && settings.cc.length > 0 ? { cc: [...settings.cc] } : {}),
    subject: subjectFor(settings, values),
    text,
    ...(html === undefined ? {} : { html }),
    // Destination names are `[a-z0-9-]` and lead ids UUIDs, so this is a valid msg-id as is.
    messageId: `<lead-${job.leadId}.${job.destination}@leadbridge>`,
    headers: { 'X-Leadbridge-Lead-Id': job.leadId },
  };
}
