import { LEAD_STATES, type LeadFacets } from '@leadbridge/lead-activity';
import type { AdminRole } from '../basic-auth';
import { html, type SafeHtml } from './html';
import type { LeadsQuery } from './leads-query';

function select(
  name: string,
  label: string,
  choices: readonly string[],
  chosen: string | undefined,
  anyLabel = 'Any',
): SafeHtml {
  // A value in the address but no longer among the facets stays chosen, not silently dropped.
  const all = chosen && !choices.includes(chosen) ? [...choices, chosen] : choices;
  return html`<label
    >${label}<select name="${name}">
      <option value="">${anyLabel}</option>
      ${all.map((choice) =>
        choice === chosen
          ? html`<option selected>${choice}</option>`
          : html`<option>${choice}</option>`,
      )}
    </select></label
  >`;
}

const TEST_LEADS = [
  ['include', 'Included'],
  ['exclude', 'Left out'],
  ['only', 'Only test leads'],
] as const;

/** The list's filters and search box, as a plain GET form: the address says what is shown. */
export function leadsFilterForm(query: LeadsQuery, facets: LeadFacets, role: AdminRole): SafeHtml {
  const searchLabel = role === 'operator' ? 'Lead id or e-mail address' : 'Lead id';
  return html`<form class="filters" method="get" action="/leads" role="search">
    <label
      >${searchLabel}<input
        type="search"
        name="q"
        value="${query.q ?? ''}"
        size="32"
        maxlength="320"
    /></label>
    ${select('state', 'State', LEAD_STATES, query.state)}
    ${select('destination', 'Destination', facets.destinations, query.destination)}
    ${select('offer', 'Offer', facets.offers, query.offer)}
    ${select('action', 'Action code', facets.actionCodes, query.actionCode)}
    <label
      >Test leads<select name="test">
        ${TEST_LEADS.map(([value, label]) =>
          value === query.testLeads
            ? html`<option value="${value}" selected>${label}</option>`
            : html`<option value="${value}">${label}</option>`,
        )}
      </select></label
    >
    <label>Received from<input type="date" name="from" value="${query.from ?? ''}" /></label>
    <label>Received to<input type="date" name="to" value="${query.to ?? ''}" /></label>
    <button type="submit">Show</button> <a href="/leads">Clear</a>
  </form>`;
}
