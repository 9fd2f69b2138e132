import type { CookieOptions, Request } from 'express';

/** One cookie of the request, or undefined. Only the first of a repeated name counts. */
export function cookieOf(req: Request, name: string): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const pair of header.split(';', 50)) {
    const equals = pair.indexOf('=');
    if (equals !== -1 && pair.slice(0, equals).trim() === name) {
      return pair.slice(equals + 1).trim();
    }
  }
  return undefined;
}

/** The names and attributes of the admin listener's cookies, from its public URL's scheme. */
export interface AdminCookies {
  readonly session: string;
  readonly signIn: string;
  /** HttpOnly, SameSite=Lax, path /, Secure over https. */
  readonly options: CookieOptions;
}

/**
 * Over https the cookies are Secure and named `__Host-…`, which browsers accept only from a secure
 * origin, for path `/` and without a Domain, so no sibling host can set or shadow them. Lax (not
 * Strict) so the session cookie comes along when Entra ID sends the browser back, a top-level GET.
 */
export function adminCookies(publicUrl: string | undefined): AdminCookies {
  const secure = publicUrl?.startsWith('https:') ?? false;
  const prefix = secure ? '__Host-' : '';
  return {
    session: `${prefix}leadbridge-admin`,
    signIn: `${prefix}leadbridge-admin-sign-in`,
    options: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  };
}
