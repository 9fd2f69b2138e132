import { HIDDEN_FROM_VIEWERS } from '../viewer-mask';
import type { AdminRole } from '../basic-auth';
import type { Contact } from './contacts';
import { html, type SafeHtml } from './html';

/** The contact in a table cell: name, company and e-mail for an operator; one note for a viewer. */
export function contactCell(contact: Contact | undefined, role: AdminRole): SafeHtml {
  if (!contact) return html`<span class="muted">job expired</span>`;
  if (contact.personalDataRemoved) return html`<span class="muted">personal data removed</span>`;
  const lines = [contact.name, contact.company, contact.email].filter(
    (line): line is string => line !== undefined,
  );
  if (lines.length === 0) return html`<span class="muted">none given</span>`;
  if (role !== 'operator') return html`<span class="muted">${HIDDEN_FROM_VIEWERS}</span>`;
  return html`${lines.map((line, index) => html`${index > 0 ? html`<br />` : ''}${line}`)}`;
}

const FIELDS: readonly [keyof Contact, string][] = [
  ['name', 'Name'],
  ['company', 'Company'],
  ['title', 'Job title'],
  ['email', 'E-mail'],
  ['phone', 'Phone'],
  ['country', 'Country'],
];

/** The contact on the lead's page: every field the lead gave, masked for a viewer. */
export function contactFacts(contact: Contact | undefined): SafeHtml {
  if (!contact)
    return html`<p class="muted">The lead’s job has expired: its contact details are gone.</p>`;
  if (contact.personalDataRemoved) {
    return html`<p class="muted">
      The lead’s personal data was removed on ${contact.personalDataRemoved}.
    </p>`;
  }
  const rows = FIELDS.filter(([key]) => contact[key] !== undefined);
  if (rows.length === 0) return html`<p class="muted">The lead gave no contact details.</p>`;
  return html`<dl class="facts">
    ${rows.map(
      ([key, label]) =>
        html`<dt>${label}</dt>
          <dd>${contact[key]}</dd>`,
    )}
  </dl>`;
}
