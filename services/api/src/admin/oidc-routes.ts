import type { Logger } from '@leadbridge/service-kit';
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../http/http-error';
import type { AdminSessions } from './admin-sessions';
import { auditLog } from './audit';
import { noRolePage, signedOutPage, signInFailedPage } from './auth-pages';
import { cookieOf, type AdminCookies } from './cookies';
import { csrfRefused, hasCsrfToken } from './csrf';
import type { OidcClient } from './oidc-client';
import { roleFromClaims, type RoleGroups } from './oidc-roles';
import { localReturnPath } from './return-path';

export interface OidcRoutesDeps {
  client: () => Promise<OidcClient>;
  sessions: AdminSessions;
  cookies: AdminCookies;
  /** ADMIN_PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  /** The session's absolute lifetime, for the cookie's Max-Age. */
  lifetimeMs: number;
  groups: RoleGroups;
  logger: Logger;
}

const SIGN_IN_MS = 10 * 60 * 1000;
// Entra ID's login_hint is a sign-in name; anything longer is not one.
const MAX_LOGIN_HINT = 256;

const stringClaim = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Signing in with Entra ID (authorization code flow with PKCE, through openid-client) and out:
 * `/auth/sign-in`, `/auth/callback` (the registered redirect URI), `/auth/sign-out` (POST) and
 * `/auth/signed-out` (where Entra ID sends the browser back after signing out).
 */
export function oidcRoutes(deps: OidcRoutesDeps): Router {
  const router = Router();
  const redirectUri = `${deps.publicUrl}/auth/callback`;
  // Entra ID's configuration, or a 503 that says so rather than a generic failure.
  const client = () =>
    deps.client().catch((error: unknown) => {
      deps.logger.warn('Entra ID cannot be reached for an admin sign-in', { error });
      throw new HttpError(
        503,
        'SIGN_IN_UNAVAILABLE',
        'Microsoft Entra ID cannot be reached right now; try again in a moment.',
        undefined,
        { 'Retry-After': '30' },
      );
    });
  const page = (res: Response, status: number, html: string) =>
    res.status(status).set('Cache-Control', 'no-store').type('html').send(html);

  router.get('/sign-in', async (req, res) => {
    const { lib, config } = await client();
    const state = lib.randomState();
    const nonce = lib.randomNonce();
    const codeVerifier = lib.randomPKCECodeVerifier();
    await deps.sessions.startSignIn(state, {
      nonce,
      codeVerifier,
      returnTo: localReturnPath(req.query.returnTo),
    });
    const hint = req.query.login_hint;
    const url = lib.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      response_mode: 'query',
      state,
      nonce,
      code_challenge: await lib.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(typeof hint === 'string' && hint.length <= MAX_LOGIN_HINT ? { login_hint: hint } : {}),
    });
    // Binds the answer to this browser: a callback carrying a state another browser started
    // (someone else's sign-in, pushed on the victim) finds no matching cookie.
    res.cookie(deps.cookies.signIn, state, { ...deps.cookies.options, maxAge: SIGN_IN_MS });
    res.set('Cache-Control', 'no-store').redirect(303, url.href);
  });

  router.get('/callback', async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const ours = cookieOf(req, deps.cookies.signIn);
    res.clearCookie(deps.cookies.signIn, deps.cookies.options);
    const pending =
      state !== '' && ours === state ? await deps.sessions.finishSignIn(state) : undefined;
    if (!pending) {
      deps.logger.warn('admin sign-in refused: unknown or replayed state');
      return page(res, 400, signInFailedPage());
    }
    const { lib, config } = await client();
    let claims: Record<string, unknown>;
    try {
      const tokens = await lib.authorizationCodeGrant(config, callbackUrl(req, redirectUri), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() ?? {};
    } catch (error) {
      // The error's code and Entra ID's answer, not the request: it holds the code.
      const code =
        (error as { code?: unknown; error?: unknown }).error ?? (error as { code?: unknown }).code;
      deps.logger.warn('admin sign-in failed at Entra ID', {
        reason: typeof code === 'string' ? code : 'error',
      });
      return page(res, 400, signInFailedPage());
    }
    const name =
      stringClaim(claims.preferred_username) ?? stringClaim(claims.name) ?? String(claims.sub);
    const id = stringClaim(claims.oid) ?? String(claims.sub);
    const role = roleFromClaims(claims, deps.groups);
    if (!role) {
      auditLog(deps.logger, { actor: name, actorId: id, action: 'sign-in', outcome: 'no-role' });
      return page(res, 403, noRolePage(name));
    }
    const session = await deps.sessions.create({ name, role, id });
    auditLog(deps.logger, { actor: name, actorId: id, action: 'sign-in', outcome: role });
    res.cookie(deps.cookies.session, session, { ...deps.cookies.options, maxAge: deps.lifetimeMs });
    res.set('Cache-Control', 'no-store').redirect(303, pending.returnTo);
  });

  router.post('/sign-out', async (req, res) => {
    const id = cookieOf(req, deps.cookies.session);
    const session = id === undefined ? undefined : await deps.sessions.find(id);
    if (id !== undefined && session) {
      // Signing someone out from another site is a nuisance attack; the token stops it too.
      if (!(await hasCsrfToken(req, res, session.csrfToken))) throw csrfRefused();
      await deps.sessions.remove(id);
      auditLog(deps.logger, { actor: session.name, actorId: session.id, action: 'sign-out' });
    }
    res.clearCookie(deps.cookies.session, deps.cookies.options);
    const signedOut = `${deps.publicUrl}/auth/signed-out`;
    // Entra ID signs the browser out too, then comes back; without its end-session endpoint (or
    // while it cannot be reached), the admin's own session is all there is to end.
    const endSession = await deps.client().then(
      ({ lib, config }) =>
        config.serverMetadata().end_session_endpoint
          ? lib.buildEndSessionUrl(config, { post_logout_redirect_uri: signedOut }).href
          : signedOut,
      () => signedOut,
    );
    res.redirect(303, endSession);
  });

  router.get('/signed-out', (_req, res) => {
    page(res, 200, signedOutPage());
  });

  return router;
}

/** The URL Entra ID sent the browser to, rebuilt on the registered redirect URI. */
function callbackUrl(req: Request, redirectUri: string): URL {
  const url = new URL(redirectUri);
  const query = req.originalUrl.indexOf('?');
  if (query !== -1) url.search = req.originalUrl.slice(query);
  return url;
}
