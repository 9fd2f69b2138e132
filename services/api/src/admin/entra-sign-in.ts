import type { Logger, RedisConnection } from '@leadbridge/service-kit';
import type { Queue } from 'bullmq';
import { createAdminSessions } from './admin-sessions';
import { adminCookies } from './cookies';
import { lazyOidcClient } from './oidc-client';
import type { AdminOidcConfig } from './oidc-config';
import { oidcRoutes } from './oidc-routes';

/** Signing in with Microsoft Entra ID on the admin listener. */
export interface AdminOidcDeps {
  config: AdminOidcConfig;
  /** An extra CA certificate (PEM) to trust for the issuer, e.g. the simulator's. @defaultValue none */
  ca?: string;
  /** A session's absolute lifetime. @defaultValue `config.sessionHours` */
  lifetimeMs?: number;
  /** How long an unused session lasts. @defaultValue `config.idleMinutes` */
  idleMs?: number;
}

const HOUR_MS = 60 * 60 * 1000;

/** The sign-in routes and the session check, over sessions kept in the queue's Redis. */
export function signInWithEntra(
  oidc: AdminOidcDeps,
  deps: { redis: RedisConnection; queue: Queue; logger: Logger },
) {
  const { config } = oidc;
  const lifetimeMs = oidc.lifetimeMs ?? config.sessionHours * HOUR_MS;
  const sessions = createAdminSessions({
    redis: deps.redis,
    // The queue's prefix is QUEUE_PREFIX, hash-tagged in cluster mode.
    prefix: deps.queue.opts.prefix ?? 'bull',
    lifetimeMs,
    idleMs: oidc.idleMs ?? config.idleMinutes * 60_000,
  });
  const cookies = adminCookies(config.publicUrl);
  const routes = oidcRoutes({
    client: lazyOidcClient({ oidc: config, ...(oidc.ca ? { ca: oidc.ca } : {}) }),
    sessions,
    cookies,
    publicUrl: config.publicUrl,
    lifetimeMs,
    groups: config,
    logger: deps.logger,
  });
  return { routes, auth: { sessions, cookies, publicUrl: config.publicUrl } };
}
