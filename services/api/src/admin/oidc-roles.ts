import type { AdminRole } from './basic-auth';

/** The app roles the admin's app registration defines, one per admin role. */
export const APP_ROLES: Readonly<Record<AdminRole, string>> = {
  operator: 'Leadbridge.Operator',
  viewer: 'Leadbridge.Viewer',
};

/** Group object ids whose members take a role, for tenants that grant access by group. */
export interface RoleGroups {
  readonly operatorGroups: readonly string[];
  readonly viewerGroups: readonly string[];
}

const strings = (claim: unknown): string[] =>
  Array.isArray(claim) ? claim.filter((item): item is string => typeof item === 'string') : [];

/**
 * The admin role an ID token grants: from its `roles` claim (the app roles assigned to the user or
 * a group they are in), else from its `groups` claim. Operator wins over viewer; no role at all is
 * undefined, and such a person is refused.
 */
export function roleFromClaims(
  claims: Record<string, unknown>,
  groups: RoleGroups,
): AdminRole | undefined {
  const roles = strings(claims.roles);
  const memberOf = new Set(strings(claims.groups).map((id) => id.toLowerCase()));
  const inAny = (ids: readonly string[]) => ids.some((id) => memberOf.has(id.toLowerCase()));
  if (roles.includes(APP_ROLES.operator) || inAny(groups.operatorGroups)) return 'operator';
  if (roles.includes(APP_ROLES.viewer) || inAny(groups.viewerGroups)) return 'viewer';
  return undefined;
}
