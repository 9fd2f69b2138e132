import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { DestinationJobData, LeadJobData } from '@leadbridge/lead-model';
import type { Logger } from '@leadbridge/service-kit';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import type { EmailIndex } from '../ingest/email-index';
import { errorHandler } from '../http/error-handler';
import { createFailureLimiter } from '../http/failure-limiter';
import { HttpError } from '../http/http-error';
import { requestContext } from '../http/request-context';
import { basicAuth } from './basic-auth';
import { lookupLead } from './lead-lookup';

export interface AdminDeps {
  /** The lead queue the API fills. */
  queue: Queue<LeadJobData>;
  /** One queue per destination, in the order the configuration names them. */
  destinationQueues: readonly Queue<DestinationJobData>[];
  /** The queue's Redis, for what BullMQ does not expose (when a delayed lead is due). */
  redis: Redis;
  credentials: { user: string; password: string };
  /** A dashboard that shows but cannot retry, clean or delete. */
  readOnly: boolean;
  registry: Registry;
  emailIndex: EmailIndex;
  logger: Logger;
  /**
   * Express's `trust proxy`, so failed sign-ins are counted per client behind the operator's
   * TLS proxy rather than per proxy. @defaultValue false
   */
  trustProxy?: boolean | number | string;
}

export const DASHBOARD_PATH = '/queues';

/**
 * The admin listener: the queue dashboard, the lead lookup and the metrics, all behind basic
 * auth. It is served on its own port so the public ingest port never exposes any of it.
 */
export function createAdminApp(deps: AdminDeps): Express {
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
          upgradeInsecureRequests: null,
        },
      },
      // The admin listener is plain HTTP behind the operator's own TLS (or on localhost).
      strictTransportSecurity: false,
    }),
  );
  app.use(basicAuth(deps.credentials, createFailureLimiter({})));

  const board = new ExpressAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [
      new BullMQAdapter(deps.queue, {
        readOnlyMode: deps.readOnly,
        description:
          'Marketplace leads as received, routed to their destinations (job id = lead id; ' +
          'failed here = no destination matched)',
      }),
      ...deps.destinationQueues.map(
        (queue) =>
          new BullMQAdapter(queue, {
            readOnlyMode: deps.readOnly,
            description: 'Deliveries to one destination (job id = lead id)',
          }),
      ),
    ],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Leadbridge' } },
  });
  app.use(DASHBOARD_PATH, board.getRouter());
  app.get('/', (_req, res) => res.redirect(DASHBOARD_PATH));

  app.get('/api/leads/:id', async (req, res) => {
    const status = await lookupLead(deps.queue, deps.destinationQueues, deps.redis, req.params.id);
    if (!status)
      throw new HttpError(404, 'LEAD_NOT_FOUND', 'No lead with that id (or it has expired).');
    res.json(status);
  });
  app.get('/api/leads', async (req, res) => {
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
