import type { ClientCredential } from '../dataverse-settings';
import type { CheckStepName } from './check-report';

/** What the advice may name: the step that failed and the settings in use (never a secret). */
export interface CauseContext {
  step: CheckStepName;
  credential: ClientCredential['kind'];
  dataverseUrl: string;
  authorityHost: string;
  tenantId?: string;
  clientId?: string;
  /** A managed identity's endpoint, as msal-node found it in the environment. */
  endpoint?: { source: 'app-service' | 'imds'; url: string };
  /** Workload identity's token file. */
  tokenFile?: string;
  /** The issuer and subject the token file presents, when it could be read. */
  federated?: { issuer: string; subject: string };
  /** The client id the token was issued to (its `appid` claim), once one came. */
  signedInAs?: string;
}

/** The advice for every failure that comes down to the org URL. */
export const CHECK_ORG_URL =
  'check DATAVERSE_URL: it is the environment URL shown in the Power Platform admin center ' +
  '(e.g. https://contoso.crm.dynamics.com), without a path';
