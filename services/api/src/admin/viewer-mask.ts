import { isRecord } from '@leadbridge/lead-model';

/** What a viewer sees in place of a value that is, or may be, personal data. */
export const HIDDEN_FROM_VIEWERS = '[hidden from viewers]';

/**
 * `true` shows a value as it is, `'keys'` shows which fields an object has but none of their
 * values, and a nested shape applies field by field. Anything the shape does not name is hidden
 * whole, so a field added to the job data later is hidden until someone decides it may be seen.
 */
type Shape = true | 'keys' | { readonly [field: string]: Shape };

/**
 * The job data (LeadJobData, DestinationJobData) a viewer may read: ids, dates, where the lead
 * came from and where it goes, and whether its personal data was removed. Names, e-mail, phone, company and title, the description, fields
 * Microsoft added later and the raw body are personal data, or may hold it.
 */
const VISIBLE_TO_VIEWERS: Shape = {
  leadId: true,
  requestId: true,
  // What jobs written by earlier versions call requestId.
  correlationId: true,
  receivedAt: true,
  destination: true,
  origin: true,
  // When the lead's personal data was removed (a date): why the job shows almost nothing.
  personalDataRemoved: true,
  lead: {
    ActionCode: true,
    OfferTitle: true,
    LeadSource: true,
    UserDetails: 'keys',
  },
};

function mask(value: unknown, shape: Shape | undefined): unknown {
  if (shape === true || value === undefined || value === null) return value;
  if (!isRecord(value) || shape === undefined) return HIDDEN_FROM_VIEWERS;
  const masked: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(value)) {
    masked[field] = mask(inner, shape === 'keys' ? undefined : shape[field]);
  }
  return masked;
}

/** A lead job's data as the viewer's dashboard shows it (Bull Board's `data` formatter). */
export function maskForViewers(data: unknown): unknown {
  return mask(data, VISIBLE_TO_VIEWERS);
}
