import { html, type SafeHtml } from './html';

/** A state as a coloured badge; the word is there too, so colour is never the only sign. */
export function badge(state: string): SafeHtml {
  return html`<span class="badge ${state}">${state}</span>`;
}

/** `2026-12-02T06:46:23.000Z` as `2026-12-02 06:46:23 UTC`, machine-readable in `datetime`. */
export function timeTag(iso: string): SafeHtml {
  const shown = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(iso)
    ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
    : iso;
  return html`<time datetime="${iso}">${shown}</time>`;
}

/** A note at the top of a page; `warn` for something the reader should act on. */
export function note(text: string | SafeHtml, kind: 'info' | 'warn' = 'info'): SafeHtml {
  return html`<p class="note ${kind === 'warn' ? 'warn' : ''}" role="status">${text}</p>`;
}
