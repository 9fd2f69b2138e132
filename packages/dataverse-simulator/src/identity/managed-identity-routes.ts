import { Router, type Request, type Response } from 'express';
import { AadError } from './aad-error';
import type { AppRegistry, RegisteredApp } from './app-registry';
import { checkResource } from './issue-token';
import type { ManagedIdentities } from './managed-identities';
import type { TokenStore } from './token-store';
import type { StatsRecorder } from '../stats';

export interface ManagedIdentityDeps {
  tenantId: string;
  registry: AppRegistry;
  identities: ManagedIdentities;
  tokens: TokenStore;
  stats: StatsRecorder;
  tokenLifetimeSeconds: number;
  /** Resource URIs a token may be asked for: the org URL in its spellings. */
  resources: readonly string[];
  /** The value App Service puts in IDENTITY_HEADER, which each request must echo. */
  identityHeader: string;
}

/** App Service's identity endpoint path (IDENTITY_ENDPOINT) and the instance metadata one. */
export const APP_SERVICE_TOKEN_PATH = '/msi/token';
export const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';

const APP_SERVICE_API_VERSION = '2019-08-01';

/** What an identity endpoint refuses with: its status, an OAuth-style code and a message. */
class EndpointError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

function query(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

interface Issued {
  app: RegisteredApp;
  resource: string;
  lifetime: number;
  token: string;
}

/**
 * A token for the identity the request names by `client_id` (or the system-assigned one), for
 * the org; `notFound` is what this endpoint says of an identity not assigned here.
 */
function issue(deps: ManagedIdentityDeps, req: Request, notFound: string): Issued {
  const resource = query(req, 'resource');
  if (resource === undefined) {
    throw new EndpointError(
      400,
      'invalid_request',
      "Required query variable 'resource' is missing",
    );
  }
  const clientId = deps.identities.resolve(query(req, 'client_id'));
  const app = clientId === undefined ? undefined : deps.registry.find(deps.tenantId, clientId);
  if (!app) throw new EndpointError(400, 'invalid_request', notFound);
  try {
    checkResource(resource, deps.tenantId, deps.resources);
  } catch (error) {
    if (error instanceof AadError) throw new EndpointError(400, 'invalid_resource', error.message);
    throw error;
  }
  const lifetime = deps.tokenLifetimeSeconds;
  deps.stats.recordToken();
  return { app, resource, lifetime, token: deps.tokens.issue(app, lifetime, resource) };
}

const epochSeconds = (offset = 0) => String(Math.floor(Date.now() / 1000) + offset);

/**
 * The managed identity endpoints, as Azure serves them over plain HTTP inside the resource: App
 * Service and Container Apps' (`IDENTITY_ENDPOINT`, which checks `X-IDENTITY-HEADER`, api-version
 * 2019-08-01) and the instance metadata service's (`Metadata: true`).
 */
export function managedIdentityRoutes(deps: ManagedIdentityDeps): Router {
  const router = Router();

  // App Service answers errors with a status code and a message, and no OAuth error code.
  router.get(APP_SERVICE_TOKEN_PATH, (req, res) => {
    const refuse = (status: number, message: string) =>
      res.status(status).json({ statusCode: status, message });
    if (req.get('x-identity-header') !== deps.identityHeader) {
      refuse(401, 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.');
      return;
    }
    if (query(req, 'api-version') !== APP_SERVICE_API_VERSION) {
      refuse(400, `The api-version must be ${APP_SERVICE_API_VERSION}.`);
      return;
    }
    answer(res, refuse, () => {
      const issued = issue(
        deps,
        req,
        'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.',
      );
      return {
        access_token: issued.token,
        expires_on: epochSeconds(issued.lifetime),
        resource: issued.resource,
        token_type: 'Bearer',
        client_id: issued.app.clientId,
      };
    });
  });

  // IMDS answers errors as OAuth does: `error` and `error_description`.
  router.get(IMDS_TOKEN_PATH, (req, res) => {
    const refuse = (status: number, description: string, error = 'invalid_request') =>
      res.status(status).json({ error, error_description: description });
    if (req.get('metadata') !== 'true') {
      refuse(400, 'Required metadata header not specified');
      return;
    }
    if (query(req, 'api-version') === undefined) {
      refuse(400, "Required query variable 'api-version' is missing");
      return;
    }
    answer(res, refuse, () => {
      const issued = issue(deps, req, 'Identity not found');
      return {
        access_token: issued.token,
        refresh_token: '',
        expires_in: String(issued.lifetime),
        expires_on: epochSeconds(issued.lifetime),
        not_before: epochSeconds(),
        resource: issued.resource,
        token_type: 'Bearer',
      };
    });
  });

  router.use((req, res) => {
    res.status(404).json({ error: 'not_found', error_description: `Nothing at ${req.path}.` });
  });
  return router;
}

function answer(
  res: Response,
  refuse: (status: number, message: string, error?: string) => unknown,
  body: () => object,
): void {
  try {
    res.json(body());
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    refuse(error.status, error.message, error.error);
  }
}
