import type { LeadActivityReader } from '@leadbridge/lead-activity';
import type { Request, Response } from 'express';
import { HttpError } from '../../http/http-error';
import { note } from './components';
import { readContacts } from './contacts';
import { html, type SafeHtml } from './html';
import { csrfField, layout } from './layout';
import { leadsTable } from './leads-table';
import { pageViewer, type PageViewer } from './page-viewer';
import type { PagesDeps } from './pages-deps';

/**
 * Where the operator's e-mail search posts. A POST, so the address travels in the body and never
 * in a URL: not in the request line a proxy logs, not in the browser's history.
 */
export const EMAIL_SEARCH_PATH = '/leads/search';

// As long as an e-mail address may be; one person's leads are few, this many is already odd.
const MAX_EMAIL_LENGTH = 320;
const MAX_SHOWN = 500;

/** The operator's "find a person's leads" form; nothing for a viewer, who may not search so. */
export function emailSearchForm(viewer: PageViewer, email = ''): SafeHtml {
  if (viewer.role !== 'operator') return html``;
  return html`<form class="filters email-search" method="post" action="${EMAIL_SEARCH_PATH}">
    ${csrfField(viewer)}
    <label
      >A person’s leads, by e-mail address<input
        type="email"
        name="email"
        value="${email}"
        size="32"
        maxlength="${String(MAX_EMAIL_LENGTH)}"
        autocomplete="off"
        required
    /></label>
    <button type="submit">Find</button>
    <span class="muted">Sent in the request’s body: the address stays out of URLs and logs.</span>
  </form>`;
}

function emailOf(req: Request): string {
  const email = (req.body as Record<string, unknown> | undefined)?.email;
  const trimmed = typeof email === 'string' ? email.trim() : '';
  if (!trimmed.includes('@') || trimmed.length > MAX_EMAIL_LENGTH) {
    throw new HttpError(400, 'EMAIL_REQUIRED', 'Give the e-mail address to search for.');
  }
  return trimmed;
}

/**
 * POST /leads/search: every lead received from one e-mail address, newest first, rendered in the
 * answer itself (a redirect would have to carry the address). One person sends few leads, so
 * they are all on one page, without paging or filters.
 */
export async function emailSearchPage(
  deps: PagesDeps,
  activity: LeadActivityReader,
  req: Request,
  res: Response,
): Promise<void> {
  const viewer = pageViewer(res, deps.readOnly);
  if (viewer.role !== 'operator') {
    throw new HttpError(403, 'OPERATOR_ONLY', 'Only operators can search by e-mail address.');
  }
  const email = emailOf(req);
  const ids = (await deps.emailIndex.find(email)).slice(0, MAX_SHOWN);
  const page =
    ids.length === 0
      ? { leads: [], total: 0 }
      : await activity.list({ ids, testLeads: 'include' }, { page: 1, size: ids.length });
  const contacts = await readContacts(
    deps.queue,
    page.leads.map((lead) => lead.id),
    viewer.role,
  );
  const found =
    page.leads.length === 0
      ? note('No lead was received from that e-mail address (or its leads have expired).')
      : html`${note(
          `All ${page.leads.length} ${page.leads.length === 1 ? 'lead' : 'leads'} received from this address, newest first, on one page: one person sends few leads, so there is no paging.`,
        )}
        ${leadsTable(page.leads, contacts, viewer.role)}`;
  const body = html`<h1>A person’s leads</h1>
    ${emailSearchForm(viewer, email)}
    <p><a href="/leads">← Every lead</a></p>
    ${found}`;
  // The answer names a person: neither the browser nor a proxy keeps a copy.
  res.set('Cache-Control', 'no-store');
  res.type('html').send(layout({ title: 'A person’s leads', section: 'leads', viewer, body }));
}
