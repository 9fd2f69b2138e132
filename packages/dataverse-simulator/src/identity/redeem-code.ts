import { createHash, timingSafeEqual } from 'node:crypto';
import { AadError } from './aad-error';
import type { AuthorizationCodes, AuthorizationGrant } from './authorization-codes';
import { authenticate, checkTenant, findClient, missing, type IssueTokenDeps } from './issue-token';
import type { TokenRequest, TokenResponse } from './issue-token';
import type { SigningKey } from './signing-key';

export interface RedeemCodeDeps extends IssueTokenDeps {
  codes: AuthorizationCodes;
  signingKey: SigningKey;
  /** The tenant's issuer, as the discovery document names it: `<tenant URL>/v2.0`. */
  issuer: (tenantId: string) => string;
}

export interface CodeTokenResponse extends TokenResponse {
  scope: string;
  id_token: string;
}

// Microsoft Graph's application id: a user's access token is for Graph unless a scope says else.
const GRAPH = '00000003-0000-0000-c000-000000000000';

function badCode(): AadError {
  return new AadError(
    400,
    'invalid_grant',
    70008,
    'The provided authorization code or refresh token has expired due to inactivity. Send a new ' +
      'interactive authorization request for this user and resource.',
  );
}

/** RFC 7636: S256 compares BASE64URL(SHA256(verifier)) with the challenge. */
function verifierMatches(grant: AuthorizationGrant, verifier: string | undefined): boolean {
  if (grant.codeChallenge === undefined) return true;
  if (verifier === undefined) return false;
  const computed =
    grant.codeChallengeMethod === 'plain'
      ? verifier
      : createHash('sha256').update(verifier, 'ascii').digest('base64url');
  const given = Buffer.from(computed);
  const expected = Buffer.from(grant.codeChallenge);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The ID token Entra ID's v2.0 endpoint issues to a confidential web app, signed RS256. */
function idToken(deps: RedeemCodeDeps, grant: AuthorizationGrant, now: number): string {
  const { user } = grant;
  // Entra ID's `sub` is pairwise: the same user has a different subject in every app.
  const sub = createHash('sha256')
    .update(`${user.objectId}/${grant.clientId}`)
    .digest('base64url')
    .slice(0, 43);
  return deps.signingKey.sign({
    ver: '2.0',
    iss: deps.issuer(grant.tenantId),
    aud: grant.clientId,
    iat: now,
    nbf: now,
    exp: now + 3600,
    sub,
    oid: user.objectId,
    tid: grant.tenantId,
    name: user.name,
    preferred_username: user.username,
    ...(user.roles.length > 0 ? { roles: user.roles } : {}),
    ...(user.groups.length > 0 ? { groups: user.groups } : {}),
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
  });
}

/**
 * The authorization code grant, checked as Entra ID does: tenant, client, credential, the code
 * (once, unexpired, for this client and redirect URI), then the PKCE verifier. Answers an access
 * token and the signed-in user's ID token.
 */
export function redeemCode(
  deps: RedeemCodeDeps,
  tenantId: string,
  tokenEndpoint: string,
  request: TokenRequest,
  nowMs = Date.now(),
): CodeTokenResponse {
  checkTenant(deps.registry, tenantId);
  const app = findClient(deps.registry, tenantId, request.client_id);
  authenticate(request, app, tokenEndpoint);
  if (request.code === undefined) throw missing('code');
  if (request.redirect_uri === undefined) throw missing('redirect_uri');
  const grant = deps.codes.redeem(request.code, nowMs);
  if (!grant || grant.clientId !== app.clientId || grant.tenantId !== app.tenantId) {
    throw badCode();
  }
  if (grant.redirectUri !== request.redirect_uri) {
    throw new AadError(
      400,
      'invalid_grant',
      500112,
      `The reply address '${request.redirect_uri}' does not match the reply address ` +
        `'${grant.redirectUri}' provided when requesting Authorization code.`,
    );
  }
  if (!verifierMatches(grant, request.code_verifier)) {
    throw new AadError(
      400,
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
  }
  const lifetime = deps.tokenLifetimeSeconds;
  return {
    token_type: 'Bearer',
    scope: grant.scope,
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: deps.tokens.issue(app, lifetime, GRAPH, nowMs),
    id_token: idToken(deps, grant, Math.floor(nowMs / 1000)),
  };
}
