import type { LeadActivityReader, LeadPage } from '@leadbridge/lead-activity';
import type { Request, Response } from 'express';
import { note } from './components';
import { readContacts } from './contacts';
import { html, type SafeHtml } from './html';
import { layout } from './layout';
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

function emptyState(query: LeadsQuery, searchedNothing: boolean): SafeHtml {
  if (searchedNothing)
    return note('No lead was received from that e-mail address (or its leads have expired).');
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

/** The search box: a lead id opens that lead; an e-mail address narrows to its leads (operator only). */
async function search(
  deps: PagesDeps,
  query: LeadsQuery,
  viewer: PageViewer,
): Promise<{ ids?: string[]; notes: SafeHtml[] }> {
  const q = query.q;
  if (!q) return { notes: [] };
  if (!q.includes('@')) {
    return {
      notes: [
        note(
          'Search by a lead id (a GUID such as 3f2a…-…) or, for an operator, an e-mail address.',
          'warn',
        ),
      ],
    };
  }
  if (viewer.role !== 'operator') {
    return {
      notes: [
        note(
          'Only operators can search by e-mail address: it would tell who sent leads. Search by lead id instead.',
          'warn',
        ),
      ],
    };
  }
  return { ids: await deps.emailIndex.find(q), notes: [] };
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
  const found = await search(deps, query, viewer);
  const filter = toLeadFilter(query);
  if (found.ids) filter.ids = found.ids;
  // An address with no leads: asking the reader for "only these none" could read as "all".
  const searchedNothing = found.ids?.length === 0;
  const [page, facets] = await Promise.all([
    searchedNothing ? NO_LEADS : activity.list(filter, { page: query.page, size: PAGE_SIZE }),
    activity.facets(),
  ]);
  const contacts = await readContacts(
    deps.queue,
    page.leads.map((lead) => lead.id),
    viewer.role,
  );
  const body = html`<h1>Leads</h1>
    ${found.notes} ${leadsFilterForm(query, facets, viewer.role)}
    ${page.leads.length === 0 ? emptyState(query, searchedNothing) : leadsTable(page.leads, contacts, viewer.role)}
    ${page.total > 0 ? pager(query, page.total) : ''}`;
  res.type('html').send(layout({ title: 'Leads', section: 'leads', viewer, body }));
}
