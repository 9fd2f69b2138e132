import { createHash, randomBytes } from 'node:crypto';
import { connectionReady, withTimeout, type RedisConnection } from '@leadbridge/service-kit';
import type { AdminRole } from './basic-auth';

/** A signed-in browser's session, as kept in Redis. */
export interface AdminSession {
  readonly name: string;
  readonly role: AdminRole;
  /** The Entra ID object id. */
  readonly id: string;
  /** The synchronizer token forms posted with this session must carry. */
  readonly csrfToken: string;
  /** When it ends however busy (ms since the epoch). */
  readonly expiresAt: number;
  /** When it was last used (ms since the epoch), for the idle timeout. */
  readonly seenAt: number;
}

/** What a sign-in started with, checked when Entra ID sends the browser back. */
export interface PendingSignIn {
  readonly nonce: string;
  readonly codeVerifier: string;
  /** A local path to go back to after signing in. */
  readonly returnTo: string;
}

export interface AdminSessions {
  /** A new session; answers its id, the cookie's value. */
  create(user: { name: string; role: AdminRole; id: string }): Promise<string>;
  /** The live session a cookie names, its idle clock restarted; undefined once it has ended. */
  find(id: string): Promise<AdminSession | undefined>;
  remove(id: string): Promise<void>;
  /** Keeps what a sign-in needs until Entra ID answers, for ten minutes at most, under `state`. */
  startSignIn(state: string, pending: PendingSignIn): Promise<void>;
  /** The sign-in `state` started, once: a second answer with the same state finds nothing. */
  finishSignIn(state: string): Promise<PendingSignIn | undefined>;
}

// Long enough to pick an account and pass multi-factor authentication.
const SIGN_IN_SECONDS = 10 * 60;
// The idle clock is written back at most once a minute (a tenth of the idle timeout when that is
// shorter), not on every request.
const TOUCH_AFTER_MS = 60_000;

/** The Redis key is a digest of the id: a reader of Redis sees no cookie it could replay. */
const digest = (id: string) => createHash('sha256').update(id).digest('base64url');

/**
 * Admin sessions in Redis, under the queue prefix (hash-tagged in cluster mode, as every other
 * Leadbridge key, so they sit in the prefix's slot): `<prefix>:leadbridge:admin-session:<digest>`.
 * A session lives `lifetimeMs` from sign-in at most (the key's expiry) and ends sooner when unused
 * for `idleMs`.
 */
export function createAdminSessions(options: {
  redis: RedisConnection;
  prefix: string;
  lifetimeMs: number;
  idleMs: number;
}): AdminSessions {
  const { redis, prefix, lifetimeMs, idleMs } = options;
  const touchAfterMs = Math.min(TOUCH_AFTER_MS, idleMs / 10);
  const sessionKey = (id: string) => `${prefix}:leadbridge:admin-session:${digest(id)}`;
  const signInKey = (state: string) => `${prefix}:leadbridge:admin-sign-in:${digest(state)}`;
  // The queue's connection refuses commands while it connects: a sign-in just after start-up
  // waits for it, briefly; one while Redis is down fails at once.
  const ready = () => withTimeout(connectionReady(redis), 5_000, 'admin sessions');

  return {
    async create(user) {
      await ready();
      const id = randomBytes(32).toString('base64url');
      const now = Date.now();
      const session: AdminSession = {
        name: user.name,
        role: user.role,
        id: user.id,
        csrfToken: randomBytes(32).toString('base64url'),
        expiresAt: now + lifetimeMs,
        seenAt: now,
      };
      await redis.set(sessionKey(id), JSON.stringify(session), 'PX', lifetimeMs);
      return id;
    },
    async find(id) {
      await ready();
      const key = sessionKey(id);
      const stored = await redis.get(key);
      if (stored === null) return undefined;
      const session = JSON.parse(stored) as AdminSession;
      const now = Date.now();
      if (now >= session.expiresAt || now - session.seenAt >= idleMs) {
        await redis.del(key);
        return undefined;
      }
      if (now - session.seenAt >= touchAfterMs) {
        // KEEPTTL: the absolute end stays where sign-in put it.
        await redis.set(key, JSON.stringify({ ...session, seenAt: now }), 'KEEPTTL', 'XX');
      }
      return session;
    },
    async remove(id) {
      await ready();
      await redis.del(sessionKey(id));
    },
    async startSignIn(state, pending) {
      await ready();
      await redis.set(signInKey(state), JSON.stringify(pending), 'EX', SIGN_IN_SECONDS);
    },
    async finishSignIn(state) {
      await ready();
      const stored = await redis.getdel(signInKey(state));
      return stored === null ? undefined : (JSON.parse(stored) as PendingSignIn);
    },
  };
}
