import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';
import { startHarness, type Harness } from './support/harness';

describe('Entra ID token endpoint, driven by real msal-node', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('msal obtains a token for the org and WhoAmI answers with stable ids', async () => {
    const { sim, dataverse } = harness;

    const result = await harness
      .msal()
      .acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });
    const first = await dataverse.get('WhoAmI', {
      headers: { Authorization: `Bearer ${result?.accessToken}` },
    });
    const second = await dataverse.get('WhoAmI', { headers: await harness.headers() });

    expect(result?.tokenType).toBe('Bearer');
    expect(first.status).toBe(200);
    expect(first.data).toEqual({
      '@odata.context': `${sim.url}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
      BusinessUnitId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      UserId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      OrganizationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(second.data).toEqual(first.data);
    expect(sim.stats().tokensIssued).toBe(2);
  });

  test('a wrong client secret gives msal an invalid_client error (AADSTS7000215)', async () => {
    const { sim } = harness;

    const attempt = harness
      .msal({ clientSecret: 'not-the-secret' })
      .acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });

    await expect(attempt).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS7000215: Invalid client secret provided.'),
    });
    expect(sim.stats().requests.token).toEqual({ '401': 1 });
  });

  test('an unknown client id is unauthorized_client (AADSTS700016)', async () => {
    const attempt = harness
      .msal({ clientId: '9d6c1a2b-0000-4000-8000-000000000000' })
      .acquireTokenByClientCredential({ scopes: [`${harness.sim.url}/.default`] });

    await expect(attempt).rejects.toMatchObject({
      errorCode: 'unauthorized_client',
      errorMessage: expect.stringContaining('AADSTS700016'),
    });
  });

  test('a scope for another resource is invalid_scope (AADSTS500011)', async () => {
    const attempt = harness
      .msal()
      .acquireTokenByClientCredential({ scopes: ['https://contoso.crm.dynamics.com/.default'] });

    await expect(attempt).rejects.toMatchObject({
      errorCode: 'invalid_scope',
      errorMessage: expect.stringContaining('AADSTS500011'),
    });
  });

  test('an unknown tenant is refused at discovery and at the token endpoint (AADSTS90002)', async () => {
    const { origin } = harness;
    const tenant = '00000000-0000-4000-8000-0000000000aa';

    const discovery = await origin.get(`/${tenant}/v2.0/.well-known/openid-configuration`);
    const token = await origin.post(
      `/${tenant}/oauth2/v2.0/token`,
      new URLSearchParams({ grant_type: 'client_credentials', client_id: harness.sim.clientId }),
    );

    expect(discovery.status).toBe(400);
    expect(discovery.data).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    expect(token.status).toBe(400);
    expect(token.data).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });

  test('an app registered with a certificate signs in with a client assertion', async () => {
    const { sim, dataverse } = harness;
    const pems = await generate([{ name: 'commonName', value: 'leadbridge-worker' }], {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
    });
    const clientId = '6a1f2e3d-4c5b-4a69-8877-665544332211';
    sim.registerApp({ tenantId: sim.tenantId, clientId, certificatePem: pems.cert });

    const result = await harness
      .msal({
        clientId,
        clientCertificate: {
          thumbprintSha256: new X509Certificate(pems.cert).fingerprint256.replace(/:/g, ''),
          privateKey: pems.private,
        },
      })
      .acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });
    const whoAmI = await dataverse.get('WhoAmI', {
      headers: { Authorization: `Bearer ${result?.accessToken}` },
    });

    expect(whoAmI.status).toBe(200);
  });

  test('a client assertion signed by an unregistered key is refused', async () => {
    const { sim } = harness;
    const [registered, other] = await Promise.all([
      generate([{ name: 'commonName', value: 'registered' }], {
        keyType: 'rsa',
        algorithm: 'sha256',
      }),
      generate([{ name: 'commonName', value: 'other' }], { keyType: 'rsa', algorithm: 'sha256' }),
    ]);
    const clientId = '7b2f3e4d-5c6b-4a79-8877-665544332211';
    sim.registerApp({ tenantId: sim.tenantId, clientId, certificatePem: registered.cert });

    const attempt = harness
      .msal({
        clientId,
        clientCertificate: {
          // The registered certificate's thumbprint, but the other certificate's key.
          thumbprintSha256: new X509Certificate(registered.cert).fingerprint256.replace(/:/g, ''),
          privateKey: other.private,
        },
      })
      .acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });

    await expect(attempt).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS700027'),
    });
  });

  test('a token from another tenant is refused by Dataverse with 401', async () => {
    const { sim, dataverse } = harness;
    const tenantId = '11111111-2222-4333-8444-555555555555';
    const clientId = '22222222-3333-4444-8555-666666666666';
    sim.registerApp({ tenantId, clientId, clientSecret: 'other-tenant-secret' });

    const result = await harness
      .msal({ clientId, clientSecret: 'other-tenant-secret', authority: `${sim.url}/${tenantId}` })
      .acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });
    const answer = await dataverse.get('WhoAmI', {
      headers: { Authorization: `Bearer ${result?.accessToken}` },
    });

    expect(answer.status).toBe(401);
  });

  test('instance discovery, for clients without knownAuthorities, points back at the simulator', async () => {
    const { sim, origin } = harness;
    const host = new URL(sim.url).host;

    const answer = await origin.get('/common/discovery/instance', {
      params: {
        'api-version': '1.1',
        authorization_endpoint: `${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize`,
      },
    });

    expect(answer.data).toEqual({
      tenant_discovery_endpoint: `${sim.url}/${sim.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  test('a separate Node process trusts the simulator through NODE_EXTRA_CA_CERTS', async () => {
    const { sim } = harness;
    const script =
      'fetch(process.argv[1]).then(async (r) => console.log(r.status, (await r.json()).token_endpoint))';
    const discovery = `${sim.url}/${sim.tenantId}/v2.0/.well-known/openid-configuration`;

    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, discovery], {
      env: { ...process.env, ...sim.env() },
    });

    expect(stdout.trim()).toBe(`200 ${sim.url}/${sim.tenantId}/oauth2/v2.0/token`);
  });
});
