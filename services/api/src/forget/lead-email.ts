import { normaliseEmail } from '../ingest/email-index';

/**
 * Whether a job's data or a spool line, as stored, is a lead from this (normalised) address: its
 * `UserDetails.Email`, the address the lookup indexes. Text that names the address but cannot be
 * read as JSON counts too: it holds their data and could never be delivered anyway. The cheap
 * text test comes first, since most of what is read is someone else's.
 */
export function isLeadOf(stored: string, email: string): boolean {
  if (!stored.toLowerCase().includes(email)) return false;
  let data: { lead?: { UserDetails?: { Email?: unknown } } } | null;
  try {
    data = JSON.parse(stored) as typeof data;
  } catch {
    return true;
  }
  const found = data?.lead?.UserDetails?.Email;
  return typeof found === 'string' && normaliseEmail(found) === email;
}
