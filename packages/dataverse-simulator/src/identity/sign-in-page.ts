import type { KnownUser } from './test-users';

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

// Enough to read like a sign-in page in a screenshot; the simulator sends no other asset.
const STYLE =
  'body{margin:0;background:#f2f2f2;font:15px/1.5 system-ui,"Segoe UI",sans-serif;color:#1b1b1b}' +
  'main{max-width:30rem;margin:3rem auto;background:#fff;padding:2rem 2.4rem;' +
  'box-shadow:0 2px 6px rgba(0,0,0,.2)}h1{font-size:1.5rem;font-weight:600;margin:0 0 1rem}' +
  'ul{list-style:none;padding:0}li{padding:.6rem 0;border-top:1px solid #e1e1e1}' +
  'a{color:#0067b8;text-decoration:none;font-weight:600}a:hover{text-decoration:underline}';

function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>`
  );
}

/**
 * The simulator's sign-in page: each test user is a link back to the authorize endpoint with
 * `login_hint` naming them, which signs them in at once.
 */
export function signInPage(authorizeUrl: URL, users: readonly KnownUser[]): string {
  const items = users.map((user) => {
    const url = new URL(authorizeUrl);
    url.searchParams.set('login_hint', user.username);
    const roles = user.roles.length > 0 ? user.roles.join(', ') : 'no app role';
    return (
      `<li><a href="${escapeHtml(url.href)}">${escapeHtml(user.name)} ` +
      `(${escapeHtml(user.username)})</a> — ${escapeHtml(roles)}</li>`
    );
  });
  return page(
    'Sign in to your account',
    '<h1>Pick an account</h1><p>Dataverse simulator: every test user signs in without a ' +
      `password.</p><ul>${items.join('')}</ul>`,
  );
}

/** The page Entra ID shows for a request it will not send back to the app. */
export function errorPage(message: string): string {
  return page(
    'Sign in to your account',
    `<h1>Sorry, but we’re having trouble signing you in.</h1><p>${escapeHtml(message)}</p>`,
  );
}

/** The page after signing out when no registered address to go back to was given. */
export function signedOutPage(): string {
  return page('Signed out', '<h1>You signed out of your account</h1>');
}
