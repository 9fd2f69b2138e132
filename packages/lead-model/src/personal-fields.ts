import { resolveLeadField } from './lead-fields';

/**
 * The kinds of personal data a lead carries, each with the template fields that hold it. A
 * message sent somewhere many people read (a chat channel) names only the kinds its
 * configuration asks for; every other field (offer, action, source, country, ids, dates) says
 * what the lead is, not who the customer is.
 */
export const PERSONAL_DATA_KINDS = Object.freeze({
  name: Object.freeze(['FullName', 'UserDetails.FirstName', 'UserDetails.LastName']),
  email: Object.freeze(['UserDetails.Email']),
  phone: Object.freeze(['UserDetails.Phone']),
  company: Object.freeze(['UserDetails.Company']),
  title: Object.freeze(['UserDetails.Title']),
  /** What the customer wrote: it may say anything about them. */
  description: Object.freeze(['Description']),
  /** Fields Microsoft sent that Leadbridge does not know (`Extra.<key>`): they may hold anything. */
  extra: Object.freeze([] as string[]),
});

export type PersonalDataKind = keyof typeof PERSONAL_DATA_KINDS;

/** The kinds in the order they are listed. */
export const PERSONAL_DATA_KIND_NAMES = Object.keys(PERSONAL_DATA_KINDS) as PersonalDataKind[];

/** The kind of personal data a template field holds, or undefined for a field that holds none. */
export function personalDataKindOf(field: string): PersonalDataKind | undefined {
  const resolved = resolveLeadField(field);
  if (resolved === undefined) return undefined;
  if (resolved.startsWith('Extra.')) return 'extra';
  return PERSONAL_DATA_KIND_NAMES.find((kind) => PERSONAL_DATA_KINDS[kind].includes(resolved));
}
