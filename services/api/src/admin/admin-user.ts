import type { Response } from 'express';
import type { AdminRole } from './basic-auth';

/** Who is signed in to the admin listener, for "signed in as" and the audit log. */
export interface AdminUser {
  /** The basic-auth user name, or the Entra ID account's sign-in name (else display name). */
  readonly name: string;
  readonly role: AdminRole;
  /** How they signed in: a session from Entra ID, or a basic-auth user and password. */
  readonly via: 'oidc' | 'basic';
  /**
   * The Entra ID object id (`oid`) of someone signed in with Entra ID: names them in the audit log
   * even where the logger masks an e-mail-shaped sign-in name.
   */
  readonly id?: string;
}

/**
 * The signed-in user of a request that passed the admin listener's sign-in (`res.locals.adminUser`).
 * Every route behind the sign-in may rely on it; `adminRoleOf(res)` is its role.
 */
export function adminUserOf(res: Response): AdminUser {
  return (res.locals as { adminUser: AdminUser }).adminUser;
}

/** Records who signed the request in, as `adminRoleOf` and `adminUserOf` read it. */
export function setAdminUser(res: Response, user: AdminUser): void {
  res.locals.adminRole = user.role;
  res.locals.adminUser = user;
}
