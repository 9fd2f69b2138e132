import { ConfigFileError } from '../src';
import { readConfigFile } from '../src/load-config-file';
import { lines, tempFiles } from './temp-files';

const files = tempFiles();
afterAll(() => files.remove());

function problemsOf(path: string): string[] {
  try {
    readConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigFileError) return error.message.split('\n');
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('Dataverse destinations that sign in without a secret', () => {
  it('each org names its own credential: a managed identity, workload identity, a secret', () => {
    const path = files.write(
      'three-orgs.yaml',
      lines(
        'destinations:',
        '  - name: contoso-system-identity',
        '    type: dataverse',
        '    url: https://contoso.crm.dynamics.com',
        '    credential: managed-identity',
        '  - name: contoso-user-identity',
        '    type: dataverse',
        '    url: https://contoso-eu.crm4.dynamics.com',
        '    credential: managed-identity',
        '    clientId: 22222222-0000-0000-0000-000000000002',
        '  - name: fabrikam-aks',
        '    type: dataverse',
        '    url: https://fabrikam.crm.dynamics.com',
        '    credential: workload-identity',
        '    tenantId: fabrikam.onmicrosoft.com',
        '    clientId: 33333333-0000-0000-0000-000000000003',
        '    federatedTokenFile: /var/run/secrets/fabrikam/token',
        '  - name: northwind',
        '    type: dataverse',
        '    url: https://northwind.crm.dynamics.com',
        '    credential: workload-identity',
        '    tenantId: northwind.onmicrosoft.com',
        '    clientId: 44444444-0000-0000-0000-000000000004',
      ),
    );

    const { destinations } = readConfigFile(path);

    expect(destinations).toEqual([
      expect.objectContaining({
        name: 'contoso-system-identity',
        credential: { kind: 'managed-identity' },
      }),
      expect.objectContaining({
        name: 'contoso-user-identity',
        clientId: '22222222-0000-0000-0000-000000000002',
        credential: { kind: 'managed-identity' },
      }),
      expect.objectContaining({
        name: 'fabrikam-aks',
        credential: { kind: 'workload-identity', tokenFile: '/var/run/secrets/fabrikam/token' },
      }),
      expect.objectContaining({ name: 'northwind', credential: { kind: 'workload-identity' } }),
    ]);
    expect(destinations[0]).not.toHaveProperty('tenantId');
    expect(destinations[0]).not.toHaveProperty('clientId');
  });

  it('says which keys do not go with the credential, and what workload identity still needs', () => {
    const path = files.write(
      'mismatched.yaml',
      lines(
        'destinations:',
        '  - name: contoso', // 2
        '    type: dataverse',
        '    url: https://contoso.crm.dynamics.com',
        '    credential: managed-identity',
        '    tenantId: contoso.onmicrosoft.com', // 6
        '  - name: fabrikam', // 7
        '    type: dataverse',
        '    url: https://fabrikam.crm.dynamics.com',
        '    credential: workload-identity',
        '    clientSecretEnv: FABRIKAM_SECRET',
        '  - name: northwind', // 12
        '    type: dataverse',
        '    url: https://northwind.crm.dynamics.com',
        '    tenantId: northwind.onmicrosoft.com',
        '    clientId: 44444444-0000-0000-0000-000000000004',
        '    clientSecretEnv: NORTHWIND_SECRET',
        '    federatedTokenFile: /var/run/token', // 18
      ),
    );

    expect(problemsOf(path)).toEqual([
      `${path}:6:5 destinations[0].tenantId: is not used with credential: managed-identity (the identity's own tenant is)`,
      `${path}:7:5 destinations[1]: has "clientSecretEnv" and "credential": give only one of "clientSecretEnv", "clientCertificatePath" or "credential"`,
      `${path}:7:5 destinations[1]: missing required key "tenantId"`,
      `${path}:7:5 destinations[1]: missing required key "clientId"`,
      `${path}:18:5 destinations[2].federatedTokenFile: is only used with credential: workload-identity`,
    ]);
  });
});
