import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { startHarness, type Harness } from './support/harness';
import { axiosNetworkClient } from './support/axios-network-client';

type MsalNode = typeof import('@azure/msal-node');

/**
 * msal-node picks the managed identity source from process.env once per loaded module and keeps
 * it: each test loads its own copy, with the environment that test sets.
 */
function freshMsal(env: Record<string, string | undefined>): MsalNode {
  for (const name of [
    'IDENTITY_ENDPOINT',
    'IDENTITY_HEADER',
    'AZURE_POD_IDENTITY_AUTHORITY_HOST',
  ]) {
    delete process.env[name];
  }
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) process.env[name] = value;
  }
  let loaded: MsalNode | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<MsalNode>('@azure/msal-node');
  });
  if (!loaded) throw new Error('msal-node did not load');
  return loaded;
}

const savedEnv = { ...process.env };
let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await harness.close();
});

function managedIdentityApp(endpoint: 'app-service' | 'imds', userAssignedClientId?: string) {
  const { sim, agent } = harness;
  const env = sim.managedIdentityEnv(endpoint);
  const msal = freshMsal({ ...env });
  return new msal.ManagedIdentityApplication({
    ...(userAssignedClientId ? { managedIdentityIdParams: { userAssignedClientId } } : {}),
    system: { networkClient: axiosNetworkClient(agent), disableInternalRetries: true },
  });
}

async function whoAmI(token: string) {
  return harness.dataverse.get('WhoAmI', { headers: { Authorization: `Bearer ${token}` } });
}

function claims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('managed identity endpoints, driven by real msal-node', () => {
  test("a container app's system-assigned identity gets a token at IDENTITY_ENDPOINT and Dataverse knows it", async () => {
    const { sim } = harness;

    const result = await managedIdentityApp('app-service').acquireToken({
      resource: `${sim.url}/.default`,
    });

    expect((await whoAmI(result.accessToken)).status).toBe(200);
    expect(claims(result.accessToken)).toMatchObject({
      appid: sim.managedIdentities.systemAssigned,
      aud: sim.url,
      tid: sim.tenantId,
    });
    expect(sim.stats().requests['managed-identity']).toEqual({ '200': 1 });
  });

  test('a user-assigned identity named by client id gets its own token from the instance metadata endpoint', async () => {
    const { sim } = harness;

    const result = await managedIdentityApp(
      'imds',
      sim.managedIdentities.userAssigned,
    ).acquireToken({ resource: sim.url });

    expect((await whoAmI(result.accessToken)).status).toBe(200);
    expect(claims(result.accessToken).appid).toBe(sim.managedIdentities.userAssigned);
  });

  test('an identity not assigned to the resource is "Identity not found" at the metadata endpoint', async () => {
    const attempt = managedIdentityApp('imds', randomUUID()).acquireToken({
      resource: harness.sim.url,
    });

    await expect(attempt).rejects.toMatchObject({
      errorCode: 'invalid_request',
      errorMessage: expect.stringContaining('Description: Identity not found'),
    });
  });

  test('an identity not assigned to the container app is refused by its identity endpoint', async () => {
    const attempt = managedIdentityApp('app-service', randomUUID()).acquireToken({
      resource: harness.sim.url,
    });

    await expect(attempt).rejects.toMatchObject({
      errorMessage: expect.stringContaining(
        'No User Assigned or Delegated Managed Identity found for specified ClientId',
      ),
    });
  });

  test('an identity with no application user in the org is refused by Dataverse with 403 0x80072560', async () => {
    const { sim } = harness;
    const clientId = randomUUID();
    sim.assignIdentity({ clientId, applicationUser: false });

    const result = await managedIdentityApp('app-service', clientId).acquireToken({
      resource: sim.url,
    });
    const answer = await whoAmI(result.accessToken);

    expect(answer.status).toBe(403);
    expect(answer.data).toMatchObject({ error: { code: '0x80072560' } });
  });

  test('the identity endpoint wants its X-IDENTITY-HEADER and the metadata endpoint its Metadata header', async () => {
    const { sim } = harness;
    const query = { resource: sim.url, 'api-version': '2019-08-01' };

    const noHeader = await axios.get(`${sim.identityUrl}/msi/token`, {
      params: query,
      validateStatus: () => true,
    });
    const noMetadata = await axios.get(`${sim.identityUrl}/metadata/identity/oauth2/token`, {
      params: { ...query, 'api-version': '2018-02-01' },
      validateStatus: () => true,
    });
    const withHeader = await axios.get(`${sim.identityUrl}/msi/token`, {
      params: query,
      headers: { 'X-IDENTITY-HEADER': sim.identityHeader },
      validateStatus: () => true,
    });

    expect(noHeader.status).toBe(401);
    expect(noMetadata.status).toBe(400);
    expect(noMetadata.data).toEqual({
      error: 'invalid_request',
      error_description: 'Required metadata header not specified',
    });
    expect(withHeader.status).toBe(200);
    expect(withHeader.data).toMatchObject({
      token_type: 'Bearer',
      resource: sim.url,
      client_id: sim.managedIdentities.systemAssigned,
      expires_on: expect.stringMatching(/^\d+$/),
    });
  });
});

describe('workload identity federation at the token endpoint', () => {
  function federatedApp(assertion: () => string) {
    return harness.msal({
      clientSecret: '',
      clientAssertion: () => Promise.resolve(assertion()),
    });
  }

  test("a service account token the app trusts signs it in through msal's clientAssertion callback", async () => {
    const { sim } = harness;

    const result = await federatedApp(() =>
      sim.serviceAccountToken(),
    ).acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });

    expect(result?.accessToken).toBeDefined();
    expect((await whoAmI(result?.accessToken ?? '')).status).toBe(200);
  });

  test('a token from a service account the app does not trust is AADSTS70021, naming issuer and subject', async () => {
    const { sim } = harness;
    const subject = 'system:serviceaccount:other:intruder';

    const attempt = federatedApp(() =>
      sim.serviceAccountToken({ subject }),
    ).acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });

    await expect(attempt).rejects.toMatchObject({
      errorMessage: expect.stringContaining(
        `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${sim.serviceAccount.issuer}'. Assertion Subject: '${subject}'.`,
      ),
    });
  });

  test('an expired service account token is AADSTS700024', async () => {
    const { sim } = harness;

    const attempt = federatedApp(() =>
      sim.serviceAccountToken({ lifetimeSeconds: -3600 }),
    ).acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });

    await expect(attempt).rejects.toMatchObject({
      errorMessage: expect.stringContaining('AADSTS700024'),
    });
  });

  test('a token for another audience than api://AzureADTokenExchange is AADSTS700212', async () => {
    const { sim } = harness;

    const attempt = federatedApp(() =>
      sim.serviceAccountToken({ audience: 'https://kubernetes.default.svc' }),
    ).acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });

    await expect(attempt).rejects.toMatchObject({
      errorMessage: expect.stringContaining('AADSTS700212'),
    });
  });

  test('an assertion that is not a JWT is AADSTS50027', async () => {
    const attempt = federatedApp(() => 'not-a-jwt').acquireTokenByClientCredential({
      scopes: [`${harness.sim.url}/.default`],
    });

    await expect(attempt).rejects.toMatchObject({
      errorMessage: expect.stringContaining('AADSTS50027'),
    });
  });
});
