import type { TokenGrant } from '../identity/token-store';
import { API_PATH, type DataverseContext } from './dataverse-context';

/** The WhoAmI function: the caller's application user, business unit and organization. */
export function whoAmI(context: DataverseContext, grant: TokenGrant): Record<string, string> {
  return {
    '@odata.context': `${context.baseUrl}${API_PATH}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: context.businessUnitId,
    UserId: grant.app.userId,
    OrganizationId: context.organizationId,
  };
}
