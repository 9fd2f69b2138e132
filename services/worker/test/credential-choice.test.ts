import { readWorkerConfig } from '../src';

// Which credential the worker signs in with when AZURE_CREDENTIAL is unset, told from the same
// variables the Azure SDK's DefaultAzureCredential reads, in its order.

const ORG = { DATAVERSE_URL: 'https://contoso.crm.dynamics.com' };
const APP = {
  AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
  AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
};
const SECRET = { AZURE_CLIENT_SECRET: 'secret' };
const CERTIFICATE = { AZURE_CLIENT_CERTIFICATE_PATH: '/run/secrets/app.pem' };
const TOKEN_FILE = {
  AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token',
};
const APP_SERVICE = {
  IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token',
  IDENTITY_HEADER: 'header-value',
};

const kindOf = (env: Record<string, string>) => readWorkerConfig({ ...ORG, ...env }).credential;

describe('the credential the worker signs in with', () => {
  it('is the client secret when one is set, whatever else the environment holds', () => {
    expect(kindOf({ ...APP, ...SECRET, ...CERTIFICATE, ...TOKEN_FILE, ...APP_SERVICE })).toEqual({
      kind: 'secret',
      clientSecret: 'secret',
    });
  });

  it('is the certificate when there is no secret', () => {
    expect(kindOf({ ...APP, ...CERTIFICATE, ...TOKEN_FILE, ...APP_SERVICE })).toEqual({
      kind: 'certificate',
      certificatePath: '/run/secrets/app.pem',
    });
  });

  it('is workload identity when AKS mounted a token file and there is no secret or certificate', () => {
    const config = readWorkerConfig({
      ...ORG,
      ...APP,
      ...TOKEN_FILE,
      ...APP_SERVICE,
      // As the workload identity webhook sets it, with a trailing slash.
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/',
    });

    expect(config.credential).toEqual({
      kind: 'workload-identity',
      tokenFile: '/var/run/secrets/azure/tokens/azure-identity-token',
    });
    expect(config).toMatchObject({
      tenantId: APP.AZURE_TENANT_ID,
      clientId: APP.AZURE_CLIENT_ID,
      authorityHost: 'https://login.microsoftonline.com',
    });
  });

  it("is the container app's system-assigned identity when only IDENTITY_ENDPOINT is there, with no tenant or client id", () => {
    const config = readWorkerConfig({ ...ORG, ...APP_SERVICE });

    expect(config.credential).toEqual({
      kind: 'managed-identity',
      endpoint: { source: 'app-service', url: APP_SERVICE.IDENTITY_ENDPOINT },
    });
    expect(config.tenantId).toBeUndefined();
  });

  it('is a user-assigned identity when AZURE_CLIENT_ID names one beside the identity endpoint', () => {
    expect(kindOf({ ...APP_SERVICE, AZURE_CLIENT_ID: APP.AZURE_CLIENT_ID })).toEqual({
      kind: 'managed-identity',
      endpoint: { source: 'app-service', url: APP_SERVICE.IDENTITY_ENDPOINT },
      userAssignedClientId: APP.AZURE_CLIENT_ID,
    });
  });

  it('is the instance metadata service at AZURE_POD_IDENTITY_AUTHORITY_HOST when that is set', () => {
    expect(kindOf({ AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:2579/' })).toEqual({
      kind: 'managed-identity',
      endpoint: { source: 'imds', url: 'http://127.0.0.1:2579/metadata/identity/oauth2/token' },
    });
  });

  it("is a VM's identity at 169.254.169.254 when AZURE_CREDENTIAL says managed-identity", () => {
    expect(kindOf({ AZURE_CREDENTIAL: 'managed-identity' })).toEqual({
      kind: 'managed-identity',
      endpoint: { source: 'imds', url: 'http://169.254.169.254/metadata/identity/oauth2/token' },
    });
  });

  it('is what AZURE_CREDENTIAL names, even when a secret is also set', () => {
    expect(kindOf({ ...APP, ...SECRET, ...CERTIFICATE, AZURE_CREDENTIAL: 'certificate' })).toEqual({
      kind: 'certificate',
      certificatePath: '/run/secrets/app.pem',
    });
  });

  it.each([
    [
      'workload identity without its token file',
      { ...APP, AZURE_CREDENTIAL: 'workload-identity' },
      'AZURE_FEDERATED_TOKEN_FILE is required by AZURE_CREDENTIAL=workload-identity',
    ],
    [
      'a certificate without its file',
      { ...APP, ...SECRET, AZURE_CREDENTIAL: 'certificate' },
      'AZURE_CLIENT_CERTIFICATE_PATH is required by AZURE_CREDENTIAL=certificate',
    ],
    [
      'a kind that does not exist',
      { ...APP, AZURE_CREDENTIAL: 'password' },
      'AZURE_CREDENTIAL must be one of secret, certificate, managed-identity, workload-identity, got "password"',
    ],
    [
      'workload identity without its tenant',
      { AZURE_CLIENT_ID: APP.AZURE_CLIENT_ID, ...TOKEN_FILE },
      'AZURE_TENANT_ID is required but not set',
    ],
  ])('stops with one line when it is %s', (_what, env, message) => {
    expect(() => readWorkerConfig({ ...ORG, ...env })).toThrow(message);
  });
});
