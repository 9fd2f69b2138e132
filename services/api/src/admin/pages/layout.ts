import { DASHBOARD_PATH } from '../dashboard';
import { html, SafeHtml } from './html';
import type { PageViewer } from './page-viewer';
import { STYLESHEET } from './styles';

export type Section = 'leads' | 'overview';

/** The hidden field every POST form carries when the CSRF middleware set a token. */
export function csrfField(viewer: PageViewer): SafeHtml {
  return viewer.csrfToken
    ? html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}" />`
    : html``;
}

function navLink(href: string, label: string, current: boolean): SafeHtml {
  return current
    ? html`<a href="${href}" aria-current="page">${label}</a>`
    : html`<a href="${href}">${label}</a>`;
}

function whoIsSignedIn(viewer: PageViewer): SafeHtml {
  const who = viewer.name ?? (viewer.role === 'operator' ? 'Operator' : 'Viewer');
  const role = viewer.name ? html` <span>(${viewer.role})</span>` : html``;
  const signOut = viewer.viaOidc
    ? html`<form method="post" action="/auth/sign-out" class="inline">
        ${csrfField(viewer)}<button type="submit">Sign out</button>
      </form>`
    : html``;
  return html`<div class="who">
    <span>Signed in as <strong>${who}</strong>${role}</span>${signOut}
  </div>`;
}

/** The page around every leads page: navigation, who is signed in, the stylesheet. */
export function layout(options: {
  title: string;
  section: Section;
  viewer: PageViewer;
  body: SafeHtml;
}): string {
  const { title, section, viewer, body } = options;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Leadbridge</title>
        <style>
          ${new SafeHtml(STYLESHEET)}
        </style>
      </head>
      <body>
        <header class="top">
          <span class="brand">Leadbridge</span>
          <nav aria-label="Main">
            ${navLink('/leads', 'Leads', section === 'leads')}
            ${navLink('/overview', 'Overview', section === 'overview')}
            ${navLink(DASHBOARD_PATH, 'Queues', false)}
          </nav>
          ${whoIsSignedIn(viewer)}
        </header>
        <main>${body}</main>
      </body>
    </html> `.text;
}
