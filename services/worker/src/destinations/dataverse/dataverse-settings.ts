/** Where a managed identity's tokens come from, as msal-node finds it in the environment. */
export interface ManagedIdentityEndpoint {
  /** `app-service`: IDENTITY_ENDPOINT (App Service, Container Apps); `imds`: instance metadata. */
  source: 'app-service' | 'imds';
  /** The endpoint's address, for messages. */
  url: string;
}

/** How the worker proves who it is to Entra ID. */
export type ClientCredential =
  | { kind: 'secret'; clientSecret: string }
  | { kind: 'certificate'; certificatePath: string }
  | {
      kind: 'managed-identity';
      endpoint: ManagedIdentityEndpoint;
      /** A user-assigned identity's client id; absent for the system-assigned identity. */
      userAssignedClientId?: string;
    }
  | {
      kind: 'workload-identity';
      /** The projected service account token, read again for each token request. */
      tokenFile: string;
    };

/** The credential kinds, as AZURE_CREDENTIAL and the report name them. */
export type CredentialKind = ClientCredential['kind'];
