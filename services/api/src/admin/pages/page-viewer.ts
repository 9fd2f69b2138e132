import type { Response } from 'express';
import { adminRoleOf, type AdminRole } from '../basic-auth';

/** Who is looking at a page, and what the page may offer them. */
export interface PageViewer {
  role: AdminRole;
  /** The signed-in user's name, when the sign-in gave one (single sign-on). */
  name?: string;
  /** Signed in through the identity provider: the page offers a sign-out. */
  viaOidc: boolean;
  /** The token every POST form carries, when the CSRF middleware set one. */
  csrfToken?: string;
  /** An operator on a listener that is not read-only: may retry and replay. */
  mayAct: boolean;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads what the sign-in middlewares left in `res.locals`: the role from basic auth, and
 * `adminUser` and `csrfToken` when single sign-on and CSRF protection are in front.
 */
export function pageViewer(res: Response, readOnly: boolean): PageViewer {
  const locals = res.locals as {
    adminUser?: { name?: unknown; via?: unknown };
    csrfToken?: unknown;
  };
  const role = adminRoleOf(res);
  const name = text(locals.adminUser?.name);
  const csrfToken = text(locals.csrfToken);
  return {
    role,
    ...(name ? { name } : {}),
    viaOidc: locals.adminUser?.via === 'oidc',
    ...(csrfToken ? { csrfToken } : {}),
    mayAct: role === 'operator' && !readOnly,
  };
}

/** Who did it, for the audit line and the timeline: the signed-in name, else the role. */
export function actorOf(viewer: PageViewer): string {
  return viewer.name ?? viewer.role;
}
