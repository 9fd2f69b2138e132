import { APP_ROLES } from './oidc-roles';
import { STYLESHEET } from './pages/styles';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** The leads pages' look (their stylesheet and top bar), without their navigation: no access yet. */
function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)} · Leadbridge admin</title><style>${STYLESHEET}</style></head>` +
    '<body><header class="top"><span class="brand">Leadbridge</span></header>' +
    `<main class="narrow"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`
  );
}

const SIGN_OUT_FORM =
  '<form method="post" action="/auth/sign-out"><button type="submit">Sign out</button></form>';

/** For someone Entra ID signed in who holds neither admin role. */
export function noRolePage(name: string): string {
  return page(
    'No access to the Leadbridge admin',
    `<p>You signed in as ${escapeHtml(name)}, who has no role in the Leadbridge admin.</p>` +
      '<p>Ask your administrator to assign you the app role ' +
      `<strong>${APP_ROLES.viewer}</strong> (look at queues and leads with personal data hidden) ` +
      `or <strong>${APP_ROLES.operator}</strong> (see leads in full, retry and remove them) ` +
      'to the Leadbridge admin application in Microsoft Entra ID, then sign in again.</p>' +
      SIGN_OUT_FORM,
  );
}

/** For a sign-in that cannot be finished: expired, replayed, or from another browser. */
export function signInFailedPage(): string {
  return page(
    'Sign-in did not complete',
    '<p>This sign-in expired or was not started in this browser. ' +
      '<a href="/auth/sign-in">Sign in again</a>.</p>',
  );
}

export function signedOutPage(): string {
  return page('Signed out', '<p><a href="/auth/sign-in">Sign in again</a>.</p>');
}
