import type { LeadSummary } from '@leadbridge/lead-activity';
import type { AdminRole } from '../basic-auth';
import { badge, timeTag } from './components';
import { contactCell } from './contact-view';
import type { Contact } from './contacts';
import { html, type SafeHtml } from './html';

function destinations(lead: LeadSummary): SafeHtml {
  if (lead.destinations.length === 0) return html`<span class="muted">none</span>`;
  return html`${lead.destinations.map(
    (destination, index) =>
      html`${index > 0 ? html`<br />` : ''}${destination.name} ${badge(destination.state)}`,
  )}`;
}

/** One page of leads as a table, newest first, each row linking to the lead's timeline. */
export function leadsTable(
  leads: readonly LeadSummary[],
  contacts: ReadonlyMap<string, Contact>,
  role: AdminRole,
): SafeHtml {
  const rows = leads.map(
    (lead) =>
      html`<tr>
        <td><a href="/leads/${encodeURIComponent(lead.id)}">${timeTag(lead.receivedAt)}</a></td>
        <td>${badge(lead.state)}</td>
        <td>${lead.offer ?? html`<span class="muted">—</span>`}</td>
        <td>${lead.actionCode ?? html`<span class="muted">—</span>`}</td>
        <td>${lead.isTestLead ? 'test' : ''}</td>
        <td>${destinations(lead)}</td>
        <td>${contactCell(contacts.get(lead.id), role)}</td>
      </tr>`,
  );
  return html`<div class="table-wrap">
    <table>
      <caption class="visually-hidden">
        Leads, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">State</th>
          <th scope="col">Offer</th>
          <th scope="col">Action</th>
          <th scope="col">Test</th>
          <th scope="col">Destinations</th>
          <th scope="col">Contact</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}
