import type { LeadActivityReader, LeadPage } from '@leadbridge/lead-activity';
import type { Request, Response } from 'express';
import { note } from './components';
import { readContacts } from './contacts';
import { html, type SafeHtml } from './html';
import { layout } from './layout';
import { emailSearchForm } from './email-search';
import { leadsFilterForm } from './leads-filter-form';
import {
  LEAD_ID,
  leadsUrl,
  PAGE_SIZE,
  parseLeadsQuery,
  toLeadFilter,
  type LeadsQuery,
} from './leads-query';
import { leadsTable } from './leads-table';
import { pageViewer, type PageViewer } from './page-viewer';
import type { PagesDeps } from './pages-deps';

const NO_LEADS: LeadPage = { leads: [], total: 0 };

function narrowed(query: LeadsQuery): boolean {
  return leadsUrl(query, 1) !== '/leads';
}

function pager(query: LeadsQuery, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const previous =
    query.page > 1
      ? html`<a href="${leadsUrl(query, Math.min(query.page - 1, pages))}" rel="prev">← Newer</a>`
      : html``;
  const next =
    query.page < pages
      ? html`<a href="${leadsUrl(query, query.page + 1)}" rel="next">Older →</a>`
      : html``;
  return html`<nav class="pager" aria-label="Pages">
    ${previous}<span
      >Page ${query.page} of ${pages} · ${total} ${total === 1 ? 'lead' : 'leads'}</span
    >${next}
  </nav>`;
}

function emptyState(query: LeadsQuery): SafeHtml {
  if (query.q) return html``;
  if (query.page > 1)
    return note(
      html`There is no page ${query.page}.
        <a href="${leadsUrl(query, 1)}">Go to the first page</a>.`,
    );
  if (narrowed(query))
    return note(html`No lead matches these filters. <a href="/leads">Show every lead</a>.`);
  return note(
    'No leads yet. A lead shows here as soon as the API receives it; leads older than the activity’s retention are no longer listed.',
  );
}

/**
 * The search box takes a lead id, which opens that lead. An e-mail address is never searched from
 * here: it would sit in the URL, so it is searched only through the POST form beside it.
 */
function searchNotes(query: LeadsQuery, viewer: PageViewer): SafeHtml[] {
  const q = query.q;
  if (!q) return [];
  if (!q.includes('@')) {
    return [note('Search by a lead id: a GUID such as 3f2a…-….', 'warn')];
  }
  if (viewer.role !== 'operator') {
    return [
      note(
        'Only operators can search by e-mail address: it would tell who sent leads. Search by lead id instead.',
        'warn',
      ),
    ];
  }
  return [
    note(
      'E-mail addresses are searched with the “A person’s leads” form, which keeps them out of URLs; nothing was searched.',
      'warn',
    ),
  ];
}

/** GET /leads: the leads, newest first, filtered and paged, with one reader call of each kind. */
export async function leadsPage(
  deps: PagesDeps,
  activity: LeadActivityReader,
  req: Request,
  res: Response,
): Promise<void> {
  const query = parseLeadsQuery(req.query);
  if (query.q && LEAD_ID.test(query.q)) {
    return res.redirect(303, `/leads/${encodeURIComponent(query.q.toLowerCase())}`);
  }
  const viewer = pageViewer(res, deps.readOnly);
  const notes = searchNotes(query, viewer);
  // A search box holding anything but a lead id narrows nothing, so the list is not mistaken
  // for its answer.
  const [page, facets] = await Promise.all([
    query.q ? NO_LEADS : activity.list(toLeadFilter(query), { page: query.page, size: PAGE_SIZE }),
    activity.facets(),
  ]);
  const contacts = await readContacts(
    deps.queue,
    page.leads.map((lead) => lead.id),
    viewer.role,
  );
  const body = html`<h1>Leads</h1>
    ${notes} ${leadsFilterForm(query, facets)} ${emailSearchForm(viewer)}
    ${page.leads.length === 0 ? emptyState(query) : leadsTable(page.leads, contacts, viewer.role)}
    ${page.total > 0 ? pager(query, page.total) : ''}`;
  res.type('html').send(layout({ title: 'Leads', section: 'leads', viewer, body }));
}
