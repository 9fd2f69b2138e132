import { Router, type Request, type Response } from 'express';
import { AadError } from './aad-error';
import type { AppRegistry } from './app-registry';
import type { AuthorizationCodes } from './authorization-codes';
import { checkTenant, findClient } from './issue-token';
import { errorPage, signedOutPage, signInPage } from './sign-in-page';
import type { TestUsers } from './test-users';

export interface SignInDeps {
  baseUrl: string;
  registry: AppRegistry;
  codes: AuthorizationCodes;
  users: TestUsers;
}

function query(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function showError(res: Response, error: AadError): void {
  res.status(error.status).type('html').send(errorPage(error.message));
}

/** Where the user goes back with the answer, code or error, as the query string carries it. */
function redirectBack(res: Response, redirectUri: string, fields: Record<string, string>): void {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
  res.redirect(302, url.href);
}

/**
 * Entra ID's interactive endpoints for a web app: the authorize endpoint (authorization code
 * flow, PKCE) and the end-session endpoint. A test user signs in without a password, directly
 * when `login_hint` names one, otherwise by picking one on a page.
 */
export function signInRoutes(deps: SignInDeps): Router {
  const router = Router();

  router.get('/:tenant/oauth2/v2.0/authorize', (req, res) => {
    const tenant = req.params.tenant.toLowerCase();
    let redirectUri: string;
    let app;
    try {
      checkTenant(deps.registry, tenant);
      app = findClient(deps.registry, tenant, query(req, 'client_id'));
      redirectUri = query(req, 'redirect_uri') ?? app.redirectUris[0] ?? '';
      if (!app.redirectUris.includes(redirectUri)) {
        throw new AadError(
          400,
          'invalid_request',
          50011,
          `The redirect URI '${redirectUri}' specified in the request does not match the ` +
            `redirect URIs configured for the application '${app.clientId}'. Make sure the ` +
            'redirect URI sent in the request matches one added to your application in the ' +
            'Azure portal.',
        );
      }
    } catch (error) {
      if (error instanceof AadError) return showError(res, error);
      throw error;
    }
    // From here on the redirect URI is trusted: problems go back to the app, as Entra ID does.
    const state = query(req, 'state');
    const fail = (error: string, code: number, description: string) =>
      redirectBack(res, redirectUri, {
        error,
        error_description: `AADSTS${code}: ${description}`,
        ...(state !== undefined ? { state } : {}),
      });
    if (query(req, 'response_type') !== 'code') {
      return fail('unsupported_response_type', 700054, "response_type must be 'code' here.");
    }
    const scope = query(req, 'scope') ?? '';
    if (!scope.split(' ').includes('openid')) {
      return fail('invalid_request', 900144, "The request must contain the scope 'openid'.");
    }
    const challenge = query(req, 'code_challenge');
    const method = query(req, 'code_challenge_method') ?? 'plain';
    if (challenge !== undefined && method !== 'S256' && method !== 'plain') {
      return fail('invalid_request', 501491, 'Invalid code_challenge_method.');
    }
    const hint = query(req, 'login_hint');
    const user = hint === undefined ? undefined : deps.users.find(hint);
    if (!user) {
      const here = new URL(`${deps.baseUrl}${req.originalUrl}`);
      here.searchParams.delete('login_hint');
      res.type('html').send(signInPage(here, deps.users.all()));
      return;
    }
    const nonce = query(req, 'nonce');
    const code = deps.codes.issue({
      tenantId: app.tenantId,
      clientId: app.clientId,
      redirectUri,
      user,
      scope,
      ...(nonce !== undefined ? { nonce } : {}),
      ...(challenge !== undefined ? { codeChallenge: challenge, codeChallengeMethod: method } : {}),
    });
    redirectBack(res, redirectUri, { code, ...(state !== undefined ? { state } : {}) });
  });

  router.get('/:tenant/oauth2/v2.0/logout', (req, res) => {
    const back = query(req, 'post_logout_redirect_uri');
    // Only to an address one of the tenant's apps registered: never an open redirect.
    const registered = deps.registry
      .inTenant(req.params.tenant)
      .some((app) => back !== undefined && app.redirectUris.includes(back));
    if (back !== undefined && registered) {
      res.redirect(302, back);
      return;
    }
    res.type('html').send(signedOutPage());
  });

  return router;
}
