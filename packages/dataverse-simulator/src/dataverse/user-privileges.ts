import type { RequestHandler } from 'express';
import { stableGuid } from '../shared/guid';
import { API_PATH, grantOf, sendOData, type DataverseContext } from './dataverse-context';
import { DataverseError, ErrorCodes, recordNotFoundError } from './dataverse-error';
import { parseRecordKey } from './resource-path';

/** A `RolePrivilege` as the Web API serializes it: the depth enum by member name. */
interface RolePrivilege {
  Depth: 'Basic' | 'Local' | 'Deep' | 'Global';
  PrivilegeId: string;
  BusinessUnitId: string;
  PrivilegeName: string;
}

// What the application user's security role grants on the lead table, at organization depth.
const LEAD_PRIVILEGES = [
  'prvCreateLead',
  'prvReadLead',
  'prvWriteLead',
  'prvDeleteLead',
  'prvAppendLead',
  'prvAppendToLead',
] as const;

// The privileges whose lack makes lead writes answer 403 under `denyPrivilege` (lead-writes.ts).
const DENIED_BY_FAULT: ReadonlySet<string> = new Set([
  'prvCreateLead',
  'prvWriteLead',
  'prvDeleteLead',
]);

// `systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`: a function bound to a user.
const BOUND_FUNCTION =
  /^\/systemusers\(([^)/]*)\)\/Microsoft\.Dynamics\.CRM\.RetrieveUserPrivileges\(\)$/;

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new DataverseError(400, ErrorCodes.unknownProperty, 'The request URL is malformed.');
  }
}

/**
 * The `RetrieveUserPrivileges` function, for the calling application user only: the simulator
 * knows no other system users, so any other id is a 404. Under the `denyPrivilege` fault the
 * answer lacks the write privileges, as the writes themselves are then refused.
 */
export function userPrivilegesRoute(context: DataverseContext): RequestHandler {
  return (req, res, next) => {
    const match = BOUND_FUNCTION.exec(req.path);
    if (!match || req.method !== 'GET') {
      next();
      return;
    }
    const userId = parseRecordKey('systemusers', decodeKey(match[1] ?? ''));
    const caller = grantOf(res).app.userId;
    if (userId !== caller.toLowerCase()) throw recordNotFoundError('systemuser', userId);

    const privileges: RolePrivilege[] = LEAD_PRIVILEGES.filter(
      (name) => !(context.faults.denyPrivilege && DENIED_BY_FAULT.has(name)),
    ).map((name) => ({
      Depth: 'Global',
      PrivilegeId: stableGuid(`privilege:${name}`),
      BusinessUnitId: context.businessUnitId,
      PrivilegeName: name,
    }));
    sendOData(res, 200, {
      '@odata.context': `${context.baseUrl}${API_PATH}/$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse`,
      RolePrivileges: privileges,
    });
  };
}
