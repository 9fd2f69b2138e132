import { createServer, type Server } from 'node:http';
import { withTimeout } from '@leadbridge/service-kit';
import type { Registry } from 'prom-client';

export interface HealthDeps {
  /** Each check resolves true when healthy; a check that throws or overruns counts as false. */
  checks: Record<string, () => Promise<boolean>>;
  registry: Registry;
  /** @defaultValue 3000 */
  checkTimeoutMs?: number;
}

async function run(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  try {
    return await withTimeout(check(), timeoutMs, 'readiness check');
  } catch {
    return false;
  }
}

/**
 * The worker's small HTTP listener: `/healthz` (the process answers), `/readyz` (every check
 * passes: Redis reachable, a token obtainable) and `/metrics`. It has no authentication, so it
 * belongs on an internal port only.
 */
export function createHealthServer(deps: HealthDeps): Server {
  const timeoutMs = deps.checkTimeoutMs ?? 3_000;
  return createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type }).end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: 'GET only' }));
    if (path === '/healthz') return send(200, JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      const names = Object.keys(deps.checks);
      void Promise.all(
        names.map((name) => run(deps.checks[name] as () => Promise<boolean>, timeoutMs)),
      ).then((results) => {
        const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
        const ready = results.every(Boolean);
        send(
          ready ? 200 : 503,
          JSON.stringify({ status: ready ? 'ready' : 'unavailable', checks }),
        );
      });
      return;
    }
    if (path === '/metrics') {
      void deps.registry.metrics().then(
        (text) => send(200, text, deps.registry.contentType),
        () => send(500, JSON.stringify({ error: 'metrics unavailable' })),
      );
      return;
    }
    send(404, JSON.stringify({ error: 'not found' }));
  });
}
