import { html, type SafeHtml } from '../html';

/** The series' names with their colours, as an HTML list under the chart (it wraps as needed). */
export function legend(items: readonly { name: string; colour: string }[]): SafeHtml {
  if (items.length === 0) return html``;
  return html`<ul class="legend">
    ${items.map(
      (item) =>
        html`<li>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" fill="${item.colour}" />
          </svg>
          ${item.name}
        </li>`,
    )}
  </ul>`;
}
