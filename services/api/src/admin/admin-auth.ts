import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error';
import type { AdminSessions } from './admin-sessions';
import { setAdminUser } from './admin-user';
import { cookieOf, type AdminCookies } from './cookies';
import { changesState, csrfRefused, hasCsrfToken, provenSameOrigin } from './csrf';
import { DASHBOARD_PATH } from './dashboard';

export interface AdminAuthOptions {
  /** Basic auth against the admin accounts, when there are any. */
  basic?: RequestHandler;
  /** Entra ID sessions, when signing in with Entra ID is configured. */
  oidc?: { sessions: AdminSessions; cookies: AdminCookies; publicUrl: string };
}

const BOARD_API = `${DASHBOARD_PATH}/api/`;

/**
 * Who the request is from, by the first of: an `Authorization: Basic` header (scripts,
 * Prometheus), checked against the basic accounts; a session cookie from signing in with Entra ID;
 * otherwise a browser asking for a page is sent to sign in (basic auth's prompt when Entra ID is
 * not configured) and anything else gets 401. Sets `adminUserOf(res)`, `adminRoleOf(res)` and
 * `res.locals.csrfToken`: the session's token, or '' for basic auth, which needs none.
 */
export function adminAuth(options: AdminAuthOptions): RequestHandler {
  const { basic, oidc } = options;
  return async (req, res, next) => {
    res.locals.csrfToken = '';
    const authorization = req.get('authorization');
    if (basic && authorization !== undefined && /^basic /i.test(authorization)) {
      return basic(req, res, next);
    }
    const id = oidc ? cookieOf(req, oidc.cookies.session) : undefined;
    const session = oidc && id !== undefined ? await oidc.sessions.find(id) : undefined;
    if (oidc && session) {
      setAdminUser(res, { name: session.name, role: session.role, via: 'oidc', id: session.id });
      res.locals.csrfToken = session.csrfToken;
      if (!changesState(req)) return next();
      // Bull Board's page changes things with fetch() calls that cannot carry our token; for
      // its API alone, the browser's own word that the call comes from this origin (Origin or
      // Sec-Fetch-Site: same-origin, which no other site can forge) stands in for the token.
      // A cross-site call was refused before (refuseCrossSite); one with no such header is not
      // from the board and needs the token like every form.
      if (req.path.startsWith(BOARD_API) && provenSameOrigin(req, oidc.publicUrl)) return next();
      if (await hasCsrfToken(req, res, session.csrfToken)) return next();
      return next(csrfRefused());
    }
    if (!oidc) return basic ? basic(req, res, next) : next(signInRequired());
    if (id !== undefined) res.clearCookie(oidc.cookies.session, oidc.cookies.options);
    if (!changesState(req) && (req.get('accept') ?? '').includes('text/html')) {
      const returnTo = encodeURIComponent(req.originalUrl);
      return res.redirect(303, `/auth/sign-in?returnTo=${returnTo}`);
    }
    if (basic) return basic(req, res, next);
    next(signInRequired());
  };
}

const signInRequired = () =>
  new HttpError(401, 'SIGN_IN_REQUIRED', 'Sign in at /auth/sign-in with Microsoft Entra ID.');
