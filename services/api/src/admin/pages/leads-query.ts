import { LEAD_STATES, type LeadFilter, type LeadState } from '@leadbridge/lead-activity';

export const PAGE_SIZE = 50;

// Long enough for any offer title or e-mail address; a longer value is not a real choice.
const MAX_VALUE_LENGTH = 320;
// Pages past this would mean scrolling through a million leads; the filters are the way there.
const MAX_PAGE = 20_000;

/** A lead id as the API makes them: a GUID. */
export const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the list's GET form sent, each value checked, as the form shows it back. */
export interface LeadsQuery {
  state?: LeadState;
  destination?: string;
  offer?: string;
  actionCode?: string;
  testLeads: 'include' | 'exclude' | 'only';
  /** `YYYY-MM-DD`, received on or after that day (UTC). */
  from?: string;
  /** `YYYY-MM-DD`, received on or before that day (UTC). */
  to?: string;
  /** The search box: a lead id or an e-mail address. */
  q?: string;
  page: number;
}

function one(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > MAX_VALUE_LENGTH ? undefined : trimmed;
}

function day(value: unknown): string | undefined {
  const text = one(value);
  return text && DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))
    ? text
    : undefined;
}

/** Reads the list's query string; anything unreadable is left out rather than refused. */
export function parseLeadsQuery(query: Record<string, unknown>): LeadsQuery {
  const state = one(query.state);
  const testLeads = one(query.test);
  const page = Number(one(query.page) ?? '1');
  const parsed: LeadsQuery = {
    testLeads: testLeads === 'exclude' || testLeads === 'only' ? testLeads : 'include',
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
  if (state && (LEAD_STATES as readonly string[]).includes(state)) {
    parsed.state = state as LeadState;
  }
  const destination = one(query.destination);
  if (destination) parsed.destination = destination;
  const offer = one(query.offer);
  if (offer) parsed.offer = offer;
  const actionCode = one(query.action);
  if (actionCode) parsed.actionCode = actionCode;
  const from = day(query.from);
  if (from) parsed.from = from;
  const to = day(query.to);
  if (to) parsed.to = to;
  const q = one(query.q);
  if (q) parsed.q = q;
  return parsed;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The reader's filter for the form's choices (the search box is handled apart). */
export function toLeadFilter(query: LeadsQuery): LeadFilter {
  const filter: LeadFilter = { testLeads: query.testLeads };
  if (query.state) filter.state = query.state;
  if (query.destination) filter.destination = query.destination;
  if (query.offer) filter.offer = query.offer;
  if (query.actionCode) filter.actionCode = query.actionCode;
  if (query.from) filter.from = new Date(`${query.from}T00:00:00Z`);
  // The form's "to" day is included: the reader's `to` is exclusive, so the next midnight.
  if (query.to) filter.to = new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS);
  return filter;
}

/** The list's URL for these choices on another page, so paging keeps the filters. */
export function leadsUrl(query: LeadsQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.state) params.set('state', query.state);
  if (query.destination) params.set('destination', query.destination);
  if (query.offer) params.set('offer', query.offer);
  if (query.actionCode) params.set('action', query.actionCode);
  if (query.testLeads !== 'include') params.set('test', query.testLeads);
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/leads?${search}` : '/leads';
}
