import type { DestinationSummary, LeadSummary } from '@leadbridge/lead-activity';
import type { DestinationJobData } from '@leadbridge/lead-model';
import type { Queue } from 'bullmq';
import { destinationQueue, jobUrl } from './bull-board-links';
import { badge } from './components';
import { html, type SafeHtml } from './html';
import { csrfField } from './layout';
import type { PageViewer } from './page-viewer';
import { externalLink } from './safe-link';

function retryButton(
  leadId: string,
  destination: DestinationSummary,
  viewer: PageViewer,
): SafeHtml {
  if (!viewer.mayAct || destination.state !== 'failed') return html``;
  return html`<form
    method="post"
    action="/leads/${encodeURIComponent(leadId)}/retry"
    class="inline"
  >
    ${csrfField(viewer)}<input
      type="hidden"
      name="destination"
      value="${destination.name}"
    /><button type="submit">Retry</button>
  </form>`;
}

/** The lead's destinations: state, tries, last error, the record, its job, and Retry when failed. */
export function leadDestinations(
  lead: LeadSummary,
  queues: readonly Queue<DestinationJobData>[],
  viewer: PageViewer,
): SafeHtml {
  if (lead.destinations.length === 0) {
    return html`<p class="muted">No destination has taken this lead yet.</p>`;
  }
  const rows = lead.destinations.map((destination) => {
    const queue = destinationQueue(queues, destination.name);
    return html`<tr>
      <th scope="row">${destination.name}</th>
      <td>${badge(destination.state)}</td>
      <td class="num">${destination.attempts}</td>
      <td>${destination.lastError ?? ''}</td>
      <td>${externalLink(destination.recordUrl, 'Open in Dynamics 365')}</td>
      <td>${queue ? html`<a href="${jobUrl(queue.name, lead.id)}">Job in Bull Board</a>` : ''}</td>
      <td>${retryButton(lead.id, destination, viewer)}</td>
    </tr>`;
  });
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">Destination</th>
          <th scope="col">State</th>
          <th scope="col" class="num">Attempts</th>
          <th scope="col">Last error</th>
          <th scope="col">Record</th>
          <th scope="col">Job</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}
