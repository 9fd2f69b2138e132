import { Router } from 'express';

/**
 * `/healthz`: the process answers. `/readyz`: it can store leads: Redis is reachable, or a spool
 * on local disk takes them meanwhile. The body says which, and how many leads wait on disk.
 */
export function healthRoutes(deps: {
  isReady: () => Promise<boolean>;
  spoolDepth?: () => number;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const redis = await deps.isReady();
    const ready = redis || deps.spoolDepth !== undefined;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      redis,
      ...(deps.spoolDepth ? { spooled: deps.spoolDepth() } : {}),
    });
  });
  return router;
}
