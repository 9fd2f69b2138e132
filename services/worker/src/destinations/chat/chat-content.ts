import {
  leadFieldValues,
  parseTemplate,
  renderTemplate,
  type DestinationJobData,
  type LeadFieldValues,
  type PersonalDataKind,
  type Template,
} from '@leadbridge/lead-model';
import type { AwaitedDelivery } from '../../delivery/destination';

/** How a chat destination writes its message; templates name lead fields in braces. */
export interface ChatContentSettings {
  /** @defaultValue `New lead: {Topic}` */
  title?: string;
  /** @defaultValue none */
  text?: string;
  /** The personal data the message may show. @defaultValue none */
  personalData: readonly PersonalDataKind[];
}

/** One "label: value" line of the message, its value as the lead has it (not yet escaped). */
export interface ChatFact {
  label: string;
  value: string;
}

/** What one lead's message says, before a format lays it out and escapes the lead's values. */
export interface ChatContent {
  /** The headline; `escape` applies to the lead's values only, never the template's own text. */
  title(escape?: (value: string) => string): string;
  /** The paragraph under it, when configured. */
  text?(escape?: (value: string) => string): string;
  facts: ChatFact[];
  /** What the customer wrote, with `personalData: [description]`. */
  description?: string;
  /** The lead's record in Dynamics 365, once the awaited delivery wrote it. */
  recordUrl?: string;
}

/** A template the configuration promised is valid; a bad one is a bug, so it throws. */
export function compileChatTemplate(source: string, what: string): Template {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(`invalid chat ${what} template: ${parsed.problems.join('; ')}`);
  return parsed.template;
}

const DEFAULT_TITLE = compileChatTemplate('New lead: {Topic}', 'title');

// What a salesperson needs to know what the lead is: nothing here says who the customer is.
const LEAD_FACTS: ReadonlyArray<readonly [label: string, fields: readonly string[]]> = [
  ['Offer', ['OfferTitle', 'OfferId']],
  ['Action', ['ActionName']],
  ['Source', ['Source', 'LeadSource']],
  ['Country', ['UserDetails.Country']],
];

// Who the customer is, each under the kind of personal data that lets it into the channel.
const PERSONAL_FACTS: ReadonlyArray<
  readonly [label: string, field: string, kind: PersonalDataKind]
> = [
  ['Name', 'FullName', 'name'],
  ['Company', 'UserDetails.Company', 'company'],
  ['Job title', 'UserDetails.Title', 'title'],
  ['Email', 'UserDetails.Email', 'email'],
  ['Phone', 'UserDetails.Phone', 'phone'],
];

/** A fact's value on one line: a chat client lays facts out in columns. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function firstValue(values: LeadFieldValues, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = values[field];
    if (typeof value === 'string' && value.trim() !== '') return oneLine(value);
  }
  return undefined;
}

/** What became of the awaited Dynamics 365 delivery, when it left no record to link to. */
function dynamicsFact(awaited: AwaitedDelivery | undefined): ChatFact | undefined {
  if (!awaited || awaited.state === 'not-routed') return undefined;
  const skipped = awaited.result?.skipped;
  const value =
    awaited.state === 'failed'
      ? `not written: delivery to ${awaited.destination} failed`
      : awaited.state === 'timed-out'
        ? `not written yet: delivery to ${awaited.destination} is still retrying`
        : typeof skipped === 'string'
          ? `not written: ${skipped}`
          : undefined;
  return value === undefined ? undefined : { label: 'Dynamics 365', value };
}

function recordUrlOf(awaited: AwaitedDelivery | undefined): string | undefined {
  const url = awaited?.state === 'delivered' ? awaited.result?.recordUrl : undefined;
  // Only a link the Dataverse destination built; anything else in Redis is not followed.
  return typeof url === 'string' && /^https?:\/\/[^\s]+$/.test(url) ? url : undefined;
}

/**
 * The message about one lead: a headline, an optional paragraph, the facts of the lead (and of
 * the customer only as far as `personalData` allows), and the Dynamics 365 record's link.
 */
export function chatContent(
  settings: ChatContentSettings,
  job: DestinationJobData,
  awaited?: AwaitedDelivery,
): ChatContent {
  const values = leadFieldValues(job);
  const allowed = new Set(settings.personalData);
  const title =
    settings.title === undefined ? DEFAULT_TITLE : compileChatTemplate(settings.title, 'title');
  const text = settings.text === undefined ? undefined : compileChatTemplate(settings.text, 'text');

  const facts: ChatFact[] = [];
  for (const [label, fields] of LEAD_FACTS) {
    const value = firstValue(values, fields);
    if (value !== undefined) facts.push({ label, value });
  }
  for (const [label, field, kind] of PERSONAL_FACTS) {
    const value = allowed.has(kind) ? firstValue(values, [field]) : undefined;
    if (value !== undefined) facts.push({ label, value });
  }
  if (allowed.has('extra')) {
    for (const key of Object.keys(job.lead.Extra)) {
      const value = firstValue(values, [`Extra.${key}`]);
      if (value !== undefined) facts.push({ label: key, value });
    }
  }
  if (job.origin.isTestLead) facts.push({ label: 'Microsoft test lead', value: 'yes' });
  const dynamics = dynamicsFact(awaited);
  if (dynamics) facts.push(dynamics);
  facts.push({ label: 'Received', value: job.receivedAt });
  facts.push({ label: 'Lead id', value: job.leadId });

  const description = job.lead.Description?.trim();
  const recordUrl = recordUrlOf(awaited);
  return {
    // The headline is one line whatever the template's values hold.
    title: (escape) => oneLine(renderTemplate(title, values, escape)),
    ...(text ? { text: (escape) => renderTemplate(text, values, escape).trim() } : {}),
    facts,
    ...(allowed.has('description') && description ? { description } : {}),
    ...(recordUrl ? { recordUrl } : {}),
  };
}
