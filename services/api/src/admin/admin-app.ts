import type { LeadActivityReader } from '@leadbridge/lead-activity';
import type { DestinationJobData, LeadJobData } from '@leadbridge/lead-model';
import type { Logger, RedisConnection } from '@leadbridge/service-kit';
import type { Queue } from 'bullmq';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import type { EmailIndex } from '../ingest/email-index';
import { errorHandler } from '../http/error-handler';
import { createFailureLimiter } from '../http/failure-limiter';
import { HttpError } from '../http/http-error';
import { requestContext } from '../http/request-context';
import { adminAuth } from './admin-auth';
import { adminRoleOf, basicAuth, type AdminAccount } from './basic-auth';
import { refuseCrossSite } from './csrf';
import { createDashboard, DASHBOARD_PATH } from './dashboard';
import { auditDashboard } from './dashboard-audit';
import { signInWithEntra, type AdminOidcDeps } from './entra-sign-in';
import { lookupLead } from './lead-lookup';
import { EMAIL_SEARCH_PATH } from './pages/email-search';
import type { LeadActionEvent } from './pages/lead-action-record';
import { createPagesRouter } from './pages/pages-router';

export { DASHBOARD_PATH } from './dashboard';
export { adminUserOf, type AdminUser } from './admin-user';
export { auditLog, type AuditEntry } from './audit';
export type { AdminOidcDeps } from './entra-sign-in';

export interface AdminDeps {
  /** The lead queue the API fills. */
  queue: Queue<LeadJobData>;
  /** One queue per destination, in the order the configuration names them. */
  destinationQueues: readonly Queue<DestinationJobData>[];
  /** The queue's Redis, for what BullMQ does not expose (when a delayed lead is due). */
  redis: RedisConnection;
  /**
   * The operator's basic-auth account: sees every lead in full, may retry, promote and remove.
   * @defaultValue none, when `oidc` is given: Entra ID sign-in only
   */
  credentials?: { user: string; password: string };
  /**
   * The viewer's account, when there is one: sees queues, states, reasons and counts with
   * personal data hidden, and can change nothing. @defaultValue no viewer account
   */
  viewer?: { user: string; password: string };
  /** The operator too can only look: no retry, promote, clean or delete. */
  readOnly: boolean;
  registry: Registry;
  emailIndex: EmailIndex;
  logger: Logger;
  /**
   * Express's `trust proxy` for this listener alone (ADMIN_TRUST_PROXY), so failed sign-ins are
   * counted per client behind the operator's TLS proxy rather than per proxy. @defaultValue false
   */
  trustProxy?: boolean | number | string;
  /**
   * What happened to each lead, for the leads pages (`/leads`, `/overview`). Without it those
   * pages answer 503 saying so; the dashboard and the JSON lookup do not need it.
   * @defaultValue no leads pages
   */
  activity?: LeadActivityReader;
  /**
   * Called after an operator retried a delivery or replayed a lead from the leads pages (after
   * the audit line is written), to add the action to the lead's timeline. A failure is logged.
   * @defaultValue the action is only in the audit log
   */
  onLeadAction?: (event: LeadActionEvent) => Promise<void>;
  /**
   * Sign in with Microsoft Entra ID, sessions in `redis` under the queue's prefix. Basic auth
   * stays for requests that carry an `Authorization: Basic` header. @defaultValue basic auth only
   */
  oidc?: AdminOidcDeps;
}

/**
 * The admin listener: the leads pages, the queue dashboard, the lead lookup and the metrics, all
 * behind basic auth, Entra ID sign-in, or both. It is served on its own port so the public ingest
 * port never exposes any of it. Every state-changing request is checked against cross-site
 * forgery, and every change made through the dashboard or the leads pages is written to the
 * audit log.
 */
export function createAdminApp(deps: AdminDeps): Express {
  if (!deps.credentials && !deps.oidc) {
    throw new Error('the admin listener needs credentials, oidc, or both');
  }
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestContext(deps.logger));
  app.use(
    helmet({
      // Bull Board's page boots with an inline script and inline styles.
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          // Signing out posts a form that is redirected on to Entra ID's end-session endpoint.
          formAction: ["'self'", ...(deps.oidc ? [new URL(deps.oidc.config.issuer).origin] : [])],
          upgradeInsecureRequests: null,
        },
      },
      // The admin listener is plain HTTP behind the operator's own TLS (or on localhost).
      strictTransportSecurity: false,
    }),
  );
  const publicUrl = deps.oidc?.config.publicUrl;
  app.use(refuseCrossSite(publicUrl));
  const accounts: AdminAccount[] = [];
  if (deps.credentials) accounts.push({ ...deps.credentials, role: 'operator' });
  if (deps.viewer) accounts.push({ ...deps.viewer, role: 'viewer' });
  const basic = accounts.length > 0 ? basicAuth(accounts, createFailureLimiter({})) : undefined;
  const oidc = deps.oidc && signInWithEntra(deps.oidc, deps);
  if (oidc) app.use('/auth', oidc.routes);
  app.use(adminAuth({ ...(basic ? { basic } : {}), ...(oidc ? { oidc: oidc.auth } : {}) }));
  app.use(
    onlyReadsWhen((req, res) => {
      if (adminRoleOf(res) === 'viewer') return true;
      // The e-mail search is a POST only to keep the address out of URLs: it changes nothing.
      return deps.readOnly && !(req.method === 'POST' && req.path === EMAIL_SEARCH_PATH);
    }),
  );

  const boards = { queue: deps.queue, destinationQueues: deps.destinationQueues };
  const operatorBoard = createDashboard({ ...boards, readOnly: deps.readOnly, masked: false });
  const viewerBoard = createDashboard({ ...boards, readOnly: true, masked: true });
  app.use(DASHBOARD_PATH, auditDashboard(deps.logger));
  app.use(DASHBOARD_PATH, (req, res, next) => {
    (adminRoleOf(res) === 'operator' ? operatorBoard : viewerBoard)(req, res, next);
  });
  app.get('/', (_req, res) => res.redirect('/leads'));
  app.use(createPagesRouter(deps));

  app.get('/api/leads/:id', async (req, res) => {
    const status = await lookupLead(deps.queue, deps.destinationQueues, deps.redis, req.params.id);
    if (!status)
      throw new HttpError(404, 'LEAD_NOT_FOUND', 'No lead with that id (or it has expired).');
    res.json(status);
  });
  app.get('/api/leads', async (req, res) => {
    // Its answer says whether a given person sent leads, with offers and dates: not for viewers,
    // who may still look a lead up by its id.
    if (adminRoleOf(res) !== 'operator') {
      throw new HttpError(
        403,
        'OPERATOR_ONLY',
        'Only the operator may search leads by e-mail address; look a lead up by its id.',
      );
    }
    const email = req.query.email;
    if (typeof email !== 'string' || !email.includes('@')) {
      throw new HttpError(
        400,
        'EMAIL_REQUIRED',
        'Give ?email=<address> or look up /api/leads/<id>.',
      );
    }
    const ids = await deps.emailIndex.find(email);
    const found = await Promise.all(
      ids.map((id) => lookupLead(deps.queue, deps.destinationQueues, deps.redis, id)),
    );
    res.json({ leads: found.filter((status) => status !== undefined) });
  });
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', deps.registry.contentType).send(await deps.registry.metrics());
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use((_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'No such page.')));
  app.use(errorHandler);
  return app;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Refuses every request that could change something (anything but GET and HEAD) from an account
 * that may only look. The read-only dashboard hides its buttons; this holds even for a request
 * made by hand, and for any route a dashboard upgrade adds.
 */
function onlyReadsWhen(readOnly: (req: Request, res: Response) => boolean): RequestHandler {
  return (req, res, next) => {
    if (READ_METHODS.has(req.method) || !readOnly(req, res)) return next();
    next(new HttpError(403, 'READ_ONLY', 'This account can look but not change anything.'));
  };
}
