import type { TimelineEvent } from '@leadbridge/lead-activity';
import { badge, timeTag } from './components';
import { html, type SafeHtml } from './html';
import { externalLink } from './safe-link';

function describe(event: TimelineEvent): SafeHtml {
  switch (event.kind) {
    case 'received': {
      const imported = event.imported
        ? html`<br />Imported from <strong>${event.imported.file}</strong>, line
            ${event.imported.line}${
              event.imported.createdAt ? html`, created ${timeTag(event.imported.createdAt)}` : ''
            }`
        : '';
      return html`<strong>Received</strong> from
        ${event.source}${
          event.actionCode ? html` · action ${event.actionCode}` : ''
        }${event.offer ? html` · offer ${event.offer}` : ''}${imported}`;
    }
    case 'routed':
      return html`<strong>Routed</strong> to ${event.destinations.join(', ') || 'no destination'}<br /><span
          class="muted"
          >${event.reason}</span
        >`;
    case 'unmatched':
      return html`<strong>Unmatched</strong>: no destination takes it <br /><span class="muted"
          >${event.reason}</span
        >`;
    case 'attempt':
      return html`<strong>${event.destination}</strong>, attempt ${event.attempt}:
        ${badge(event.outcome)}${
          event.reason ? html`<br /><span class="muted">${event.reason}</span>` : ''
        }${event.recordUrl ? html`<br />${externalLink(event.recordUrl, 'Record in Dynamics 365')}` : ''}${
          event.messageId ? html`<br />Message id <code>${event.messageId}</code>` : ''
        }`;
    case 'retried':
    case 'replayed':
      return html`<strong>${event.kind === 'retried' ? 'Retried' : 'Replayed'}</strong>${
          event.destination ? html` to ${event.destination}` : ''
        }
        by ${event.by}`;
  }
}

/** What happened to the lead, in order, one list item per event. */
export function leadTimeline(events: readonly TimelineEvent[]): SafeHtml {
  if (events.length === 0) {
    return html`<p class="muted">No events recorded for this lead (they may have expired).</p>`;
  }
  return html`<ol class="timeline">
    ${events.map((event) => html`<li>${timeTag(event.at)}${describe(event)}</li>`)}
  </ol>`;
}
