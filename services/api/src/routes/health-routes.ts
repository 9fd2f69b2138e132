import { Router } from 'express';

/**
 * `/healthz`: the process answers. `/readyz`: it can store leads: Redis is reachable, or a spool
 * on local disk takes them meanwhile. The body says which, how many leads wait on disk, and why
 * neither can take a lead when that is so.
 */
export function healthRoutes(deps: {
  isReady: () => Promise<boolean>;
  spoolDepth?: () => number;
  /** Why the spool could not take a lead now, or undefined when it could. */
  spoolProblem?: () => Promise<string | undefined>;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const redis = await deps.isReady();
    // The spool is tried only when it is needed: with Redis down.
    const spoolProblem = redis || !deps.spoolProblem ? undefined : await deps.spoolProblem();
    const ready = redis || (deps.spoolDepth !== undefined && spoolProblem === undefined);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      redis,
      ...(deps.spoolDepth ? { spooled: deps.spoolDepth() } : {}),
      // The details (a path, an operating system error) are for the logs, not for anyone asking.
      ...(ready
        ? {}
        : {
            reason:
              spoolProblem === undefined
                ? 'Redis is unreachable and there is no spool'
                : 'Redis is unreachable and the spool cannot take leads',
          }),
    });
  });
  return router;
}
