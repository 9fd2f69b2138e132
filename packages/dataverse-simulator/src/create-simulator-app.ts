import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { adminRoutes } from './admin/admin-routes';
import { API_PATH, type DataverseContext } from './dataverse/dataverse-context';
import { dataverseRoutes } from './dataverse/dataverse-routes';
import type { FaultController } from './faults/fault-controller';
import type { AppRegistry } from './identity/app-registry';
import { AuthorizationCodes } from './identity/authorization-codes';
import { identityRoutes } from './identity/identity-routes';
import type { SigningKey } from './identity/signing-key';
import type { TestUsers } from './identity/test-users';
import { requestKind, type StatsRecorder } from './stats';

export interface SimulatorAppDeps extends Omit<
  DataverseContext,
  'baseUrl' | 'organizationId' | 'businessUnitId'
> {
  url: string;
  registry: AppRegistry;
  faults: FaultController;
  stats: StatsRecorder;
  tokenLifetimeSeconds: number;
  /** Signs the ID tokens of users who sign in. */
  signingKey: SigningKey;
  /** Who can sign in interactively. */
  users: TestUsers;
}

/** The resource URIs a token may be asked for: the org URL in its spellings. */
export function orgResources(url: string): string[] {
  return [url, url.replace('127.0.0.1', 'localhost')];
}

/** Counts each answer by the kind of request it was. */
export function countAnswers(stats: StatsRecorder): express.RequestHandler {
  return (req, res, next) => {
    const kind = requestKind(req.path);
    res.on('close', () =>
      stats.recordAnswer(kind, res.writableFinished ? res.statusCode : 'dropped'),
    );
    next();
  };
}

/**
 * The simulator's HTTP surface: Entra ID at `/{tenant}/…`, Dataverse at `/api/data/v9.2/…` and
 * the admin API at `/_simulator/…`. It does not listen; `startSimulator` does.
 */
export function createSimulatorApp(deps: SimulatorAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');

  app.use(countAnswers(deps.stats));

  const context: DataverseContext = {
    ...deps,
    baseUrl: deps.url,
    organizationId: randomUUID(),
    businessUnitId: randomUUID(),
  };
  app.use(API_PATH, dataverseRoutes(context));
  app.use(
    '/_simulator',
    adminRoutes({
      faults: deps.faults,
      stats: () => deps.stats.snapshot(),
      leads: () => deps.store.all(),
      clearLeads: () => deps.store.clear(),
      revokeTokens: () => deps.tokens.revokeAll(),
      registerApp: (registration) => deps.registry.register(registration),
    }),
  );
  app.use(
    identityRoutes({
      baseUrl: deps.url,
      registry: deps.registry,
      tokens: deps.tokens,
      stats: deps.stats,
      tokenLifetimeSeconds: deps.tokenLifetimeSeconds,
      resources: orgResources(deps.url),
      codes: new AuthorizationCodes(),
      signingKey: deps.signingKey,
      users: deps.users,
    }),
  );
  app.use((req, res) => {
    res
      .status(404)
      .json({ error: { code: 'NOT_FOUND', message: `Nothing at ${req.method} ${req.path}.` } });
  });
  return app;
}
