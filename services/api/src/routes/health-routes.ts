import { Router } from 'express';

/** `/healthz`: the process answers. `/readyz`: it can also store leads (Redis reachable). */
export function healthRoutes(deps: { isReady: () => Promise<boolean> }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', redis: ready });
  });
  return router;
}
