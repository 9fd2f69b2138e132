import type { ClientCredential } from '../dataverse-settings';
import type { CheckStepName } from './check-report';

/** What the advice may name: the step that failed and the settings in use (never a secret). */
export interface CauseContext {
  step: CheckStepName;
  credential: ClientCredential['kind'];
  dataverseUrl: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
}

/** The advice for every failure that comes down to the org URL. */
export const CHECK_ORG_URL =
  'check DATAVERSE_URL: it is the environment URL shown in the Power Platform admin center ' +
  '(e.g. https://contoso.crm.dynamics.com), without a path';
