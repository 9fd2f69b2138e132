import { isRecord, type LeadJobData } from '@leadbridge/lead-model';
import type { Queue } from 'bullmq';
import { maskForViewers } from '../viewer-mask';
import type { AdminRole } from '../basic-auth';

/** The contact details a page shows: as sent for an operator, masked for a viewer. */
export interface Contact {
  name?: string;
  company?: string;
  email?: string;
  phone?: string;
  country?: string;
  title?: string;
  /** When the lead's personal data was removed: why there is nothing to show. */
  personalDataRemoved?: string;
}

function field(details: Record<string, unknown>, key: string): string | undefined {
  const value = details[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The contact in a lead job's data. A viewer's copy goes through `maskForViewers` first, the
 * rule Bull Board's viewer board uses, so a page can never show a viewer more than it does.
 */
export function contactOf(data: LeadJobData, role: AdminRole): Contact {
  const seen = role === 'operator' ? data : maskForViewers(data);
  const contact: Contact = {};
  if (!isRecord(seen)) return contact;
  const removed = seen.personalDataRemoved;
  if (typeof removed === 'string') contact.personalDataRemoved = removed;
  const lead = seen.lead;
  const details = isRecord(lead) && isRecord(lead.UserDetails) ? lead.UserDetails : {};
  const first = field(details, 'FirstName');
  const last = field(details, 'LastName');
  // A masked first and last name read as one hidden value, not the same note twice.
  const name =
    role !== 'operator' && first === last ? first : [first, last].filter(Boolean).join(' ');
  const found: Record<Exclude<keyof Contact, 'personalDataRemoved'>, string | undefined> = {
    name,
    company: field(details, 'Company'),
    email: field(details, 'Email'),
    phone: field(details, 'Phone'),
    country: field(details, 'Country'),
    title: field(details, 'Title'),
  };
  for (const [key, value] of Object.entries(found)) {
    if (value) contact[key as keyof Contact] = value;
  }
  return contact;
}

/**
 * The contacts of the leads with these ids, read from their jobs in parallel: one round trip
 * per lead shown, never a scan. A lead whose job has expired has no entry.
 */
export async function readContacts(
  queue: Queue<LeadJobData>,
  ids: readonly string[],
  role: AdminRole,
): Promise<Map<string, Contact>> {
  const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
  const contacts = new Map<string, Contact>();
  jobs.forEach((job, index) => {
    const id = ids[index];
    if (job && id !== undefined) contacts.set(id, contactOf(job.data, role));
  });
  return contacts;
}
