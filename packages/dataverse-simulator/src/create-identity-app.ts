import express, { type Express } from 'express';
import { countAnswers, orgResources } from './create-simulator-app';
import {
  managedIdentityRoutes,
  type ManagedIdentityDeps,
} from './identity/managed-identity-routes';

/**
 * The managed identity endpoints on their own plain-HTTP origin, as Azure serves them inside a
 * container app or VM (msal-node calls them over whatever scheme the address names). It does not
 * listen; `startSimulator` does.
 */
export function createIdentityApp(
  deps: Omit<ManagedIdentityDeps, 'resources'> & { url: string },
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');
  app.use(countAnswers(deps.stats));
  app.use(managedIdentityRoutes({ ...deps, resources: orgResources(deps.url) }));
  return app;
}
