import { LEAD_STATES, type LeadFacets } from '@leadbridge/lead-activity';
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

/**
 * The list's filters and lead-id search, as a plain GET form: the address says what is shown, so
 * a link to it can be shared. E-mail addresses have their own POST form (`emailSearchForm`).
 */
export function leadsFilterForm(query: LeadsQuery, facets: LeadFacets): SafeHtml {
  return html`<form class="filters" method="get" action="/leads" role="search">
    <label
      >Lead id<input
        type="search"
        name="q"
        value="${query.q ?? ''}"
        size="36"
        maxlength="36"
        pattern="[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"
        title="A lead id: a GUID such as 3f2a…-…"
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
