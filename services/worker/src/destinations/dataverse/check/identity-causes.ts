import type { CauseContext } from './cause-context';
import type { LikelyCause } from './check-report';
import type { ObservedFailure } from './observe-failure';

/** The identity as a person names it: which one, on what kind of Azure resource. */
function identityName(context: CauseContext): string {
  return context.clientId !== undefined
    ? `the user-assigned identity with client id ${context.clientId}`
    : 'the system-assigned identity';
}

/** How to give the resource its identity, by where it runs. */
function assignIdentity(context: CauseContext): string {
  const user = context.clientId !== undefined;
  return context.endpoint?.source === 'app-service'
    ? user
      ? 'assign it to the container app (az containerapp identity assign --user-assigned <identity resource id>) or the web app (az webapp identity assign --identities <identity resource id>)'
      : 'turn it on for the container app (az containerapp identity assign --system-assigned) or the web app (az webapp identity assign)'
    : user
      ? 'assign it to the VM (az vm identity assign --identities <identity resource id>) or the AKS node pool, or set AZURE_CLIENT_ID to the client id of one that is'
      : 'turn it on for the VM (az vm identity assign), or set AZURE_CLIENT_ID to a user-assigned identity that is assigned';
}

/** Why a managed identity endpoint gave no token, and what to do. */
export function managedIdentityCause(
  failure: Extract<ObservedFailure, { kind: 'no-answer' | 'identity-refused' }>,
  context: CauseContext,
): LikelyCause {
  const url = context.endpoint?.url ?? 'the managed identity endpoint';
  if (failure.kind === 'no-answer') {
    return {
      kind: 'identity-unreachable',
      explanation: `no managed identity endpoint answers at ${url}`,
      remedy:
        context.endpoint?.source === 'app-service'
          ? 'turn on an identity for the container app or web app (Identity in the portal, or az containerapp identity assign); Azure then sets IDENTITY_ENDPOINT and IDENTITY_HEADER for it'
          : 'run the worker on an Azure VM or AKS node that has a managed identity, or set AZURE_CREDENTIAL to the credential this machine has',
    };
  }
  if (failure.status === 401) {
    return {
      kind: 'identity-unreachable',
      explanation: `${url} refused the request: IDENTITY_HEADER is not the one Azure set`,
      remedy:
        'leave IDENTITY_ENDPOINT and IDENTITY_HEADER as Azure sets them, unset in your own settings',
    };
  }
  return {
    kind: 'identity-not-assigned',
    explanation: `${identityName(context)} is not assigned to this resource`,
    remedy: assignIdentity(context),
  };
}

const WEBHOOK =
  'label the pod azure.workload.identity/use: "true" and run it under a service account annotated azure.workload.identity/client-id; the webhook then mounts the token and sets AZURE_FEDERATED_TOKEN_FILE';

/** Why workload identity's token file could not be used, and what to do. */
export function tokenFileCause(
  failure: Extract<ObservedFailure, { kind: 'token-file' }>,
  context: CauseContext,
): LikelyCause {
  const file = context.tokenFile ?? 'the federated token file';
  const causes = {
    missing: { explanation: `${file} does not exist`, remedy: WEBHOOK },
    unreadable: {
      explanation: `the worker may not read ${file}`,
      remedy: "run the worker as a user that may read it (the pod's fsGroup)",
    },
    'not-a-jwt': {
      explanation: `${file} holds no service account token`,
      remedy: `point AZURE_FEDERATED_TOKEN_FILE at the projected service account token; ${WEBHOOK}`,
    },
    expired: {
      explanation: `the token in ${file} has expired: nothing is renewing it`,
      remedy:
        'restart the pod; the kubelet renews a projected token before it expires, so a copied or hand-made file goes stale',
    },
  } as const;
  return { kind: 'token-file-unusable', ...causes[failure.problem] };
}

/** Entra ID's refusals of a federated token, by AADSTS number; undefined for any other. */
export function federationCause(aadsts: number | undefined, context: CauseContext) {
  const app = context.clientId !== undefined ? `app ${context.clientId}` : 'the app';
  const presented = context.federated
    ? ` for issuer ${context.federated.issuer} and subject ${context.federated.subject}`
    : '';
  const addCredential =
    "add a federated credential to the app registration (or user-assigned identity) under Certificates & secrets → Federated credentials: issuer the cluster's OIDC issuer URL (az aks show --query oidcIssuerProfile.issuerUrl), subject system:serviceaccount:<namespace>:<service account>, audience api://AzureADTokenExchange";
  switch (aadsts) {
    case 70021: // no federated credential matches the issuer and subject
    case 700213: // … the subject
    case 7002138:
      return {
        kind: 'federation-untrusted',
        explanation: `${app} has no federated credential${presented}`,
        remedy: addCredential,
      } as const satisfies LikelyCause;
    case 700212: // … the audience
      return {
        kind: 'federation-untrusted',
        explanation: 'the token is not addressed to api://AzureADTokenExchange',
        remedy:
          "use the token the workload identity webhook mounts (its audience is api://AzureADTokenExchange), or set the federated credential's audience to the token's",
      } as const satisfies LikelyCause;
    case 700024: // the assertion is outside its validity window
      return {
        kind: 'token-file-unusable',
        explanation: `Entra ID found the token in ${context.tokenFile ?? 'the token file'} expired`,
        remedy:
          "restart the pod, and check the machine's clock; the kubelet renews a projected token before it expires",
      } as const satisfies LikelyCause;
    default:
      return undefined;
  }
}
