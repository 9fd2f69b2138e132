import { join } from 'node:path';
import { parse } from 'yaml';
import type { DataverseDestinationConfig } from '../src';
import { readConfigFile } from '../src/load-config-file';
import { lines, tempFiles } from './temp-files';

const files = tempFiles();
afterAll(() => files.remove());

const MINIMAL_YAML = lines(
  '# yaml-language-server: $schema=../schema/leadbridge.config.schema.json',
  'destinations:',
  '  - name: contoso-dynamics',
  '    type: dataverse',
  '    url: https://contoso.crm.dynamics.com/',
  '    tenantId: 00000000-0000-0000-0000-000000000000',
  '    clientId: 00000000-0000-0000-0000-000000000001',
  '    clientSecretEnv: CONTOSO_CLIENT_SECRET',
  '  - name: sales-email',
  '    type: email',
  '    match: { testLead: false }',
  '    smtpUrlEnv: SMTP_URL',
  '    from: "Leadbridge <leads@contoso.example>"',
  '    to: [sales@contoso.example]',
  'alerts:',
  '  webhook: { urlEnv: ALERT_WEBHOOK_URL }',
);

describe('loading a configuration file', () => {
  it('when a YAML file leaves the optional settings out, every default is filled in', () => {
    const path = files.write('minimal.yaml', MINIMAL_YAML);

    const config = readConfigFile(path);

    expect(config).toEqual({
      destinations: [
        {
          name: 'contoso-dynamics',
          type: 'dataverse',
          url: 'https://contoso.crm.dynamics.com',
          tenantId: '00000000-0000-0000-0000-000000000000',
          clientId: '00000000-0000-0000-0000-000000000001',
          credential: { kind: 'secret', env: 'CONTOSO_CLIENT_SECRET' },
          columnLengths: {},
          testLeads: 'write',
          doNotContact: { action: 'flag', columns: ['donotemail', 'donotphone'] },
          repeatCustomers: { action: 'new-lead' },
        },
        {
          name: 'sales-email',
          type: 'email',
          match: { testLead: false },
          smtpUrlEnv: 'SMTP_URL',
          from: 'Leadbridge <leads@contoso.example>',
          to: ['sales@contoso.example'],
          cc: [],
        },
      ],
      alerts: {
        webhook: { urlEnv: 'ALERT_WEBHOOK_URL' },
        quietMinutes: 15,
        backlogThreshold: 1000,
      },
      source: { kind: 'file', path },
    });
  });

  it('when the same configuration is written as JSON, it loads to the same result', () => {
    const yamlPath = files.write('same.yaml', MINIMAL_YAML);
    const jsonPath = files.write('same.json', JSON.stringify(parse(MINIMAL_YAML), null, 2));

    const fromYaml = readConfigFile(yamlPath);
    const fromJson = readConfigFile(jsonPath);

    expect({ ...fromJson, source: undefined }).toEqual({ ...fromYaml, source: undefined });
    expect(fromJson.source).toEqual({ kind: 'file', path: jsonPath });
  });

  it('when a destination uses a certificate and asks to update open leads, both are kept', () => {
    const path = files.write(
      'certificate.yaml',
      lines(
        'destinations:',
        '  - name: fabrikam',
        '    type: dataverse',
        '    url: https://fabrikam.crm4.dynamics.com',
        '    tenantId: fabrikam.onmicrosoft.com',
        '    clientId: 00000000-0000-0000-0000-000000000001',
        '    clientCertificatePath: /run/secrets/fabrikam.pem',
        '    authorityHost: https://login.microsoftonline.us/',
        '    mapping: { new_offerid: OfferId, telephone1: null }',
        '    doNotContact: { action: skip }',
        '    repeatCustomers: { action: update-open-lead, offerColumn: new_offerid }',
      ),
    );

    const [destination] = readConfigFile(path).destinations as [DataverseDestinationConfig];

    expect(destination.credential).toEqual({
      kind: 'certificate',
      path: '/run/secrets/fabrikam.pem',
    });
    expect(destination.authorityHost).toBe('https://login.microsoftonline.us');
    expect(destination.mapping).toEqual({ new_offerid: 'OfferId', telephone1: null });
    expect(destination.doNotContact).toEqual({
      action: 'skip',
      columns: ['donotemail', 'donotphone'],
    });
    expect(destination.repeatCustomers).toEqual({
      action: 'update-open-lead',
      offerColumn: 'new_offerid',
    });
  });

  it('when an e-mail destination and e-mail alerts go through a local relay, TLS is not required of it', () => {
    const relay = 'smtpUrlEnv: SMTP_URL, requireTls: false';
    const path = files.write(
      'local-relay.yaml',
      MINIMAL_YAML.replace('smtpUrlEnv: SMTP_URL', 'smtpUrlEnv: SMTP_URL\n    requireTls: false') +
        `  email: { ${relay}, from: a@contoso.example, to: [ops@contoso.example] }\n`,
    );

    const config = readConfigFile(path);

    // Left out (as in the minimal file), it is the worker's own setting: SMTP_REQUIRE_TLS.
    expect(config.destinations[1]).toMatchObject({ type: 'email', requireTls: false });
    expect(config.alerts?.email).toMatchObject({ requireTls: false });
  });

  it('the loaded configuration is frozen, so no consumer can change what another sees', () => {
    const config = readConfigFile(files.write('frozen.yaml', MINIMAL_YAML));

    expect(Object.isFrozen(config.destinations)).toBe(true);
    expect(Object.isFrozen(config.destinations[1])).toBe(true);
    expect(Object.isFrozen(config.alerts?.webhook)).toBe(true);
  });

  it('the example configuration in the repository is valid', () => {
    const example = join(__dirname, '..', '..', '..', 'leadbridge.config.example.yaml');

    const config = readConfigFile(example);

    expect(config.destinations.map(({ name, type }) => `${type}:${name}`)).toEqual([
      'dataverse:contoso-dynamics',
      'dataverse:fabrikam-dynamics',
      'dataverse:northwind-dynamics',
      'email:sales-email',
      'chat:sales-teams',
    ]);
    // The managed identity's tenant is its own, so it names none.
    const tenants = config.destinations.flatMap((d) =>
      d.type === 'dataverse' && d.tenantId !== undefined ? [d.tenantId] : [],
    );
    expect(new Set(tenants).size).toBe(2);
    expect(config.alerts).toBeDefined();
    expect(config.source).toEqual({ kind: 'file', path: example });
  });
});
