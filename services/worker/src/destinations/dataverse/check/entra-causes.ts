import { CHECK_ORG_URL, type CauseContext } from './cause-context';
import type { LikelyCause } from './check-report';
import { federationCause } from './identity-causes';
import type { ObservedFailure } from './observe-failure';

/** The cause behind an Entra ID error, by its AADSTS number. */
export function entraCause(
  failure: Extract<ObservedFailure, { kind: 'entra' }>,
  context: CauseContext,
): LikelyCause {
  const federation = federationCause(failure.aadsts, context);
  if (federation) return federation;
  switch (failure.aadsts) {
    case 7000215: // invalid secret
    case 7000222: // expired secret
      return {
        kind: 'wrong-credential',
        explanation: 'the client secret is wrong or expired',
        remedy:
          'create a new one under Certificates & secrets in the app registration and set ' +
          'AZURE_CLIENT_SECRET to its Value (not its Secret ID)',
      };
    case 700027: // the client assertion is not signed by a certificate of the app
      return {
        kind: 'wrong-credential',
        explanation: 'the certificate is not one registered on the app',
        remedy:
          'upload its public certificate under Certificates & secrets in the app registration, ' +
          'or point AZURE_CLIENT_CERTIFICATE_PATH at the one uploaded there',
      };
    case 700016:
      return {
        kind: 'unknown-client',
        explanation: `tenant ${context.tenantId} has no app with client id ${context.clientId}`,
        remedy:
          "check AZURE_CLIENT_ID (the Application (client) ID on the app registration's " +
          'Overview page) and AZURE_TENANT_ID (the Directory (tenant) ID on the same page)',
      };
    case 90002:
      return {
        kind: 'unknown-tenant',
        explanation: `there is no tenant ${context.tenantId} at ${context.authorityHost}`,
        remedy:
          "check AZURE_TENANT_ID (the Directory (tenant) ID on the app registration's Overview " +
          'page), and AZURE_AUTHORITY_HOST for a government or China cloud',
      };
    case 500011: // the token's resource, the org URL, is unknown to the tenant
      return {
        kind: 'wrong-org-url',
        explanation: `Entra ID knows no Dynamics 365 org at ${context.dataverseUrl} in this tenant`,
        remedy: CHECK_ORG_URL,
      };
    default:
      return {
        kind: 'unexpected',
        explanation: 'Entra ID refused to give a token',
        remedy: 'see what Entra ID said above',
      };
  }
}

/** The cause when no token came and Entra ID never said why: the authority or the credential. */
export function tokenSetupCause(
  failure: Extract<ObservedFailure, { kind: 'no-answer' | 'not-entra' | 'certificate' | 'msal' }>,
  context: CauseContext,
): LikelyCause {
  switch (failure.kind) {
    case 'no-answer':
      return {
        kind: 'wrong-authority',
        explanation: `Entra ID cannot be reached at ${context.authorityHost}`,
        remedy:
          'check AZURE_AUTHORITY_HOST (leave it unset for the public cloud) and that this ' +
          'machine can reach it (proxy, firewall)',
      };
    case 'not-entra':
      return {
        kind: 'wrong-authority',
        explanation: `${context.authorityHost} does not answer as Entra ID does`,
        remedy: 'check AZURE_AUTHORITY_HOST (leave it unset for the public cloud)',
      };
    case 'certificate':
      return {
        kind: 'certificate-unreadable',
        explanation: 'the certificate file cannot be used',
        remedy:
          'point AZURE_CLIENT_CERTIFICATE_PATH at a PEM file holding the private key and the ' +
          'certificate uploaded to the app registration',
      };
    case 'msal':
      return {
        kind: 'unexpected',
        explanation: 'msal-node could not get a token and gave no reason from Entra ID',
        remedy: 'check AZURE_AUTHORITY_HOST and AZURE_TENANT_ID',
      };
  }
}
