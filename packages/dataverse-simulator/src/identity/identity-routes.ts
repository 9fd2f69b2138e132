import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { AadError, sendAadError } from './aad-error';
import type { AuthorizationCodes } from './authorization-codes';
import { issueToken, type IssueTokenDeps, type TokenRequest } from './issue-token';
import { openIdConfiguration, tenantIssuer } from './openid-configuration';
import { redeemCode } from './redeem-code';
import { signInRoutes } from './sign-in-routes';
import type { SigningKey } from './signing-key';
import type { TestUsers } from './test-users';
import type { StatsRecorder } from '../stats';

export interface IdentityDeps extends IssueTokenDeps {
  /** `https://127.0.0.1:<port>`: the authority host. */
  baseUrl: string;
  stats: StatsRecorder;
  /** The codes the authorize endpoint hands out for the token endpoint to redeem. */
  codes: AuthorizationCodes;
  /** Signs ID tokens; published at the keys endpoint. */
  signingKey: SigningKey;
  /** Who can sign in interactively. */
  users: TestUsers;
}

function tenantNotFound(tenantId: string): AadError {
  return new AadError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are ` +
      'signing into the correct cloud.',
  );
}

function correlationId(req: Request): string | undefined {
  return req.get('client-request-id') ?? undefined;
}

/** Only string fields are kept: a repeated field is a malformed request, not an array. */
function formFields(body: unknown): TokenRequest {
  const fields: TokenRequest = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, value] of Object.entries(body))
    if (typeof value === 'string') fields[name] = value;
  return fields;
}

/**
 * The Entra ID endpoints msal-node uses for the client credentials flow (OpenID discovery per
 * tenant, the token endpoint, instance discovery for clients that ask) and those a web app signs
 * its users in with (authorize, the authorization code grant, the signing keys, end session).
 */
export function identityRoutes(deps: IdentityDeps): Router {
  const router = Router();
  const host = new URL(deps.baseUrl).host;

  router.get('/common/discovery/instance', (req, res) => {
    // The tenant is the first path segment of the authorization endpoint the client asks about.
    const endpoint =
      typeof req.query.authorization_endpoint === 'string' ? req.query.authorization_endpoint : '';
    const tenant = /^https:\/\/[^/]+\/([^/]+)\//.exec(endpoint)?.[1] ?? 'common';
    res.json({
      tenant_discovery_endpoint: `${deps.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const tenant = req.params.tenant;
    if (!deps.registry.hasTenant(tenant)) {
      sendAadError(res, tenantNotFound(tenant), correlationId(req));
      return;
    }
    res.json(openIdConfiguration(deps.baseUrl, tenant));
  });

  router.get('/:tenant/discovery/v2.0/keys', (_req, res) => {
    // Access tokens here are opaque; ID tokens are signed with this key.
    res.json({ keys: [deps.signingKey.jwk()] });
  });

  router.use(signInRoutes(deps));

  router.post(
    '/:tenant/oauth2/v2.0/token',
    express.urlencoded({ extended: false, limit: '64kb' }),
    (req, res) => {
      const tenant = req.params.tenant;
      const endpoint = `${deps.baseUrl}/${tenant}/oauth2/v2.0/token`;
      const fields = formFields(req.body);
      const response =
        fields.grant_type === 'authorization_code'
          ? redeemCode(
              { ...deps, issuer: (id) => tenantIssuer(deps.baseUrl, id) },
              tenant,
              endpoint,
              fields,
            )
          : issueToken(deps, tenant, endpoint, fields).response;
      deps.stats.recordToken();
      res.set({ 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' }).json(response);
    },
  );

  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    sendAadError(res, toAadError(error), correlationId(req));
  };
  router.use(onError);
  return router;
}

function toAadError(error: unknown): AadError {
  if (error instanceof AadError) return error;
  // body-parser marks what it rejects (too large, bad charset) with a 4xx status.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AadError(400, 'invalid_request', 900144, 'The request body could not be read.');
  }
  return new AadError(500, 'server_error', 50000, 'There was an error issuing a token.');
}
