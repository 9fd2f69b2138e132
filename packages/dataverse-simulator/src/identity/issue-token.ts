import { createHash, timingSafeEqual } from 'node:crypto';
import { AadError } from './aad-error';
import type { AppRegistry, RegisteredApp } from './app-registry';
import { JWT_BEARER, splitJwt, verifyClientAssertion } from './client-assertion';
import { verifyFederatedAssertion } from './federated-assertion';
import type { TokenStore } from './token-store';

/** The form fields of a token request (all optional: checking them is the point). */
export type TokenRequest = Partial<Record<string, string>>;

export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

export interface IssueTokenDeps {
  registry: AppRegistry;
  tokens: TokenStore;
  tokenLifetimeSeconds: number;
  /** Resource URIs a `<resource>/.default` scope may name: the org URL in its spellings. */
  resources: readonly string[];
}

export function missing(parameter: string): AadError {
  return new AadError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${parameter}'.`,
  );
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the secret.
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Checks the client's secret or assertion, or throws Entra ID's error for it. */
export function authenticate(
  request: TokenRequest,
  app: RegisteredApp,
  tokenEndpoint: string,
): void {
  const { client_secret: secret, client_assertion: assertion } = request;
  if (secret !== undefined) {
    if (app.clientSecret !== undefined && sameSecret(secret, app.clientSecret)) return;
    throw new AadError(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client ' +
        `secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  if (assertion !== undefined) {
    if (request.client_assertion_type !== JWT_BEARER) {
      throw new AadError(
        400,
        'invalid_request',
        90014,
        "The required field 'client_assertion_type' is missing from the credential.",
      );
    }
    // An app signs its own assertions with its certificate (issuer and subject: its client id);
    // any other issuer's token is a federated credential.
    const issuer = splitJwt(assertion).payload.iss;
    if (typeof issuer === 'string' && issuer.toLowerCase() === app.clientId) {
      verifyClientAssertion(assertion, app, tokenEndpoint);
    } else {
      verifyFederatedAssertion(assertion, app);
    }
    return;
  }
  throw new AadError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}

const normalize = (uri: string) => uri.replace(/\/+$/, '').toLowerCase();

/** The resource a `<resource>/.default` scope names, once checked. */
function checkScope(scope: string, tenantId: string, resources: readonly string[]): string {
  const scopes = scope.split(' ').filter((item) => item !== '');
  const [only] = scopes;
  if (scopes.length !== 1 || !only?.endsWith('/.default')) {
    throw new AadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a ` +
        'scope value with /.default suffixed to the resource identifier (application ID URI).',
    );
  }
  const resource = only.slice(0, -'/.default'.length);
  checkResource(resource, tenantId, resources);
  return resource;
}

/** A resource the tenant knows (the org URL), or Entra ID's AADSTS500011. */
export function checkResource(resource: string, tenantId: string, resources: readonly string[]) {
  if (!resources.some((known) => normalize(known) === normalize(resource))) {
    throw new AadError(
      400,
      'invalid_scope',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantId}. ` +
        'This can happen if the application has not been installed by the administrator of the ' +
        'tenant or consented to by any user in the tenant. You might have sent your ' +
        'authentication request to the wrong tenant.',
    );
  }
}

/** A tenant with at least one app, or Entra ID's AADSTS90002. */
export function checkTenant(registry: AppRegistry, tenantId: string): void {
  if (!registry.hasTenant(tenantId)) {
    throw new AadError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are ` +
        'signing into the correct cloud. Check with your subscription administrator, this may ' +
        'happen if there are no active subscriptions for the tenant.',
    );
  }
}

/** The app a `client_id` names, or Entra ID's AADSTS900144 / AADSTS700016. */
export function findClient(
  registry: AppRegistry,
  tenantId: string,
  clientId: string | undefined,
): RegisteredApp {
  if (clientId === undefined) throw missing('client_id');
  const app = registry.find(tenantId, clientId);
  if (!app) {
    throw new AadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. ` +
        'This can happen if the application has not been installed by the administrator of the ' +
        'tenant or consented to by any user in the tenant. You may have sent your authentication ' +
        'request to the wrong tenant.',
    );
  }
  return app;
}

/**
 * The client credentials grant, checked in the order Entra ID reports problems: tenant, grant
 * type, client, credential, scope. Returns the token response or throws an AadError.
 */
export function issueToken(
  deps: IssueTokenDeps,
  tenantId: string,
  tokenEndpoint: string,
  request: TokenRequest,
): { app: RegisteredApp; response: TokenResponse } {
  checkTenant(deps.registry, tenantId);
  const grantType = request.grant_type;
  if (grantType === undefined) throw missing('grant_type');
  if (grantType !== 'client_credentials') {
    throw new AadError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  const app = findClient(deps.registry, tenantId, request.client_id);
  authenticate(request, app, tokenEndpoint);
  if (request.scope === undefined) throw missing('scope');
  const resource = checkScope(request.scope, tenantId, deps.resources);
  const lifetime = deps.tokenLifetimeSeconds;
  return {
    app,
    response: {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: deps.tokens.issue(app, lifetime, resource),
    },
  };
}
