import { html, type SafeHtml } from './html';

/** A link only to an http(s) address: a stored URL is data, and `javascript:` is not a page. */
export function externalLink(url: string | undefined, label: string): SafeHtml {
  if (!url || !/^https?:\/\//i.test(url)) return html``;
  return html`<a href="${url}" rel="noopener noreferrer" target="_blank">${label}</a>`;
}
