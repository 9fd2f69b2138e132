import express, { Router, type ErrorRequestHandler } from 'express';
import type { FaultController } from '../faults/fault-controller';
import { FaultUpdateError, parseFaultUpdate } from '../faults/parse-fault-update';
import type { AppRegistration } from '../identity/app-registry';
import type { LeadRecord } from '../dataverse/lead-store';
import type { SimulatorStats } from '../stats';

/** What the admin API can see and change: the same handles the library API offers. */
export interface AdminDeps {
  faults: FaultController;
  stats: () => SimulatorStats;
  leads: () => LeadRecord[];
  clearLeads: () => void;
  revokeTokens: () => void;
  registerApp: (app: AppRegistration) => void;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

function appRegistration(body: unknown): AppRegistration {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : undefined);
  const tenantId = text('tenantId');
  const clientId = text('clientId');
  const clientSecret = text('clientSecret');
  const certificatePem = text('certificatePem');
  const redirectUris = fields.redirectUris;
  const urisOk =
    redirectUris === undefined ||
    (Array.isArray(redirectUris) && redirectUris.every((uri) => typeof uri === 'string'));
  if (!tenantId || !clientId || (!clientSecret && !certificatePem) || !urisOk) {
    throw new AdminError(
      400,
      'INVALID_APP',
      'Send {"tenantId","clientId"} with a "clientSecret" or a "certificatePem", and optionally ' +
        '"redirectUris": ["https://…/auth/callback"].',
    );
  }
  return {
    tenantId,
    clientId,
    ...(redirectUris !== undefined ? { redirectUris } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(certificatePem ? { certificatePem } : {}),
  };
}

function toAdminError(error: unknown): AdminError {
  if (error instanceof AdminError) return error;
  if (error instanceof FaultUpdateError)
    return new AdminError(400, 'INVALID_FAULTS', error.message);
  // body-parser marks what it rejects (malformed JSON, too large) with a 4xx status.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AdminError(status, 'BAD_REQUEST', 'The request body could not be read as JSON.');
  }
  return new AdminError(500, 'INTERNAL', 'Something went wrong in the simulator.');
}

/**
 * The simulator's own HTTP API under `/_simulator`, for a demo or a benchmark driving it from
 * another process. It answers on the same loopback port and asks for no credentials.
 */
export function adminRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/stats', (_req, res) => {
    res.json(deps.stats());
  });
  router.get('/faults', (_req, res) => {
    res.json(deps.faults.get());
  });
  router.put('/faults', (req, res) => {
    res.json(deps.faults.set(parseFaultUpdate(req.body ?? {})));
  });
  router.delete('/faults', (_req, res) => {
    deps.faults.reset();
    res.status(204).end();
  });
  router.get('/leads', (_req, res) => {
    res.json({ value: deps.leads() });
  });
  router.delete('/leads', (_req, res) => {
    deps.clearLeads();
    res.status(204).end();
  });
  router.post('/revoke-tokens', (_req, res) => {
    deps.revokeTokens();
    res.status(204).end();
  });
  router.post('/apps', (req, res) => {
    const app = appRegistration(req.body);
    try {
      deps.registerApp(app);
    } catch (error) {
      throw new AdminError(
        400,
        'INVALID_APP',
        error instanceof Error ? error.message : 'invalid app',
      );
    }
    res.status(201).json({ tenantId: app.tenantId, clientId: app.clientId });
  });
  router.use((_req, _res, next) =>
    next(new AdminError(404, 'NOT_FOUND', 'No such admin endpoint.')),
  );

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const answer = toAdminError(error);
    res.status(answer.status).json({ error: { code: answer.code, message: answer.message } });
  };
  router.use(onError);
  return router;
}
