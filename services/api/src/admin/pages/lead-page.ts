import type { LeadActivityReader, LeadSummary } from '@leadbridge/lead-activity';
import type { Request, Response } from 'express';
import { HttpError } from '../../http/http-error';
import { jobUrl } from './bull-board-links';
import { badge, note, timeTag } from './components';
import { contactFacts } from './contact-view';
import { contactOf } from './contacts';
import { html, type SafeHtml } from './html';
import { layout, csrfField } from './layout';
import { leadDestinations } from './lead-destinations';
import { leadTimeline } from './lead-timeline';
import { pageViewer, type PageViewer } from './page-viewer';
import type { PagesDeps } from './pages-deps';

/** A lead id as a page address may carry it: a GUID, or an older lead's content key. */
export const LEAD_ID_PARAM = /^[A-Za-z0-9._:-]{1,128}$/;

/** What the note after an action says; only these codes are read from the address. */
const DONE: Record<string, (destination?: string) => string> = {
  retried: (destination) =>
    `The delivery to ${destination ?? 'the destination'} will be tried again.`,
  replayed: () => 'The lead will be routed again.',
  'not-failed': () =>
    'Nothing to do: that job has not failed (someone may have retried it already).',
  'no-job': () => 'Nothing to do: the job is gone (it expired or was removed).',
};

function flash(req: Request): SafeHtml {
  const { done, destination } = req.query as Record<string, unknown>;
  const say = typeof done === 'string' ? DONE[done] : undefined;
  if (!say) return html``;
  return note(
    say(typeof destination === 'string' ? destination.slice(0, 200) : undefined),
    done === 'retried' || done === 'replayed' ? 'info' : 'warn',
  );
}

function replayButton(lead: LeadSummary, viewer: PageViewer): SafeHtml {
  if (!viewer.mayAct || lead.state !== 'unmatched') return html``;
  return html`<form method="post" action="/leads/${encodeURIComponent(lead.id)}/replay">
    ${csrfField(viewer)}
    <p>
      No destination took this lead. After changing the routing rules,
      <button type="submit">Replay</button> routes it again.
    </p>
  </form>`;
}

function facts(lead: LeadSummary): SafeHtml {
  return html`<dl class="facts">
    <dt>State</dt>
    <dd>${badge(lead.state)}</dd>
    <dt>Received</dt>
    <dd>${timeTag(lead.receivedAt)}</dd>
    <dt>Source</dt>
    <dd>${lead.source}</dd>
    <dt>Offer</dt>
    <dd>${lead.offer ?? '—'}</dd>
    <dt>Action code</dt>
    <dd>${lead.actionCode ?? '—'}</dd>
    <dt>Test lead</dt>
    <dd>${lead.isTestLead ? 'yes' : 'no'}</dd>
  </dl>`;
}

/** GET /leads/:id: the lead's summary, contact, destinations and timeline, each read once. */
export async function leadPage(
  deps: PagesDeps,
  activity: LeadActivityReader,
  req: Request<{ id: string }>,
  res: Response,
): Promise<void> {
  const { id } = req.params;
  if (!LEAD_ID_PARAM.test(id)) throw new HttpError(404, 'LEAD_NOT_FOUND', 'That is not a lead id.');
  const viewer = pageViewer(res, deps.readOnly);
  const [lead, events, job] = await Promise.all([
    activity.get(id),
    activity.timeline(id),
    deps.queue.getJob(id),
  ]);
  if (!lead) {
    throw new HttpError(404, 'LEAD_NOT_FOUND', 'No lead with that id (or it has expired).');
  }
  const body = html`<p><a href="/leads">← All leads</a></p>
    <h1>Lead <code>${id}</code></h1>
    ${flash(req)} ${facts(lead)} ${replayButton(lead, viewer)}
    <h2>Contact</h2>
    ${contactFacts(job ? contactOf(job.data, viewer.role) : undefined)}
    <h2>Destinations</h2>
    ${leadDestinations(lead, deps.destinationQueues, viewer)}
    <p><a href="${jobUrl(deps.queue.name, id)}">The lead’s routing job in Bull Board</a></p>
    <h2>Timeline</h2>
    ${leadTimeline(events)}`;
  res.type('html').send(layout({ title: `Lead ${id}`, section: 'leads', viewer, body }));
}
