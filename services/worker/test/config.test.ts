import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildDestinations,
  readWorkerConfig,
  readWorkerProcessConfig,
  readWorkerSettings,
} from '../src';

const valid = {
  DATAVERSE_URL: 'https://contoso.crm.dynamics.com/',
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 'secret',
};

describe('readWorkerConfig', () => {
  it('has defaults under the Dataverse service protection limits', () => {
    const config = readWorkerConfig(valid);

    expect(config).toMatchObject({
      dataverseUrl: 'https://contoso.crm.dynamics.com',
      authorityHost: 'https://login.microsoftonline.com',
      credential: { kind: 'secret', clientSecret: 'secret' },
      maxConcurrency: 8,
      retryWindowMs: 24 * 60 * 60 * 1000,
      retryAfterMaxMs: 15 * 60 * 1000,
      failedRetentionMs: 30 * 24 * 60 * 60 * 1000,
    });
    // 18 per second can never exceed 6,000 requests in any 300 s window.
    expect((config.rateLimit.max * 301_000) / config.rateLimit.durationMs).toBeLessThan(6_000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes the longest Retry-After pause in seconds', () => {
    expect(readWorkerConfig({ ...valid, RETRY_AFTER_MAX_SECONDS: '60' }).retryAfterMaxMs).toBe(
      60_000,
    );
  });

  it('keeps failed leads their personal data for FAILED_RETENTION_DAYS', () => {
    expect(readWorkerConfig({ ...valid, FAILED_RETENTION_DAYS: '90' }).failedRetentionMs).toBe(
      90 * 24 * 60 * 60 * 1000,
    );
  });

  it('keeps lead activity for LEAD_ACTIVITY_DAYS, 30 unless set, and refuses none at all', () => {
    expect(readWorkerConfig(valid).activityRetentionDays).toBe(30);
    expect(readWorkerConfig({ ...valid, LEAD_ACTIVITY_DAYS: '90' }).activityRetentionDays).toBe(90);
    expect(() => readWorkerConfig({ ...valid, LEAD_ACTIVITY_DAYS: '0' })).toThrow(
      /LEAD_ACTIVITY_DAYS must be/,
    );
  });

  it('writes a backlog in bulk unless DATAVERSE_BULK_WRITES=off, and takes its batch size and backlog', () => {
    expect(readWorkerConfig(valid).dataverse.bulkWrites).toEqual({
      mode: 'auto',
      batchSize: 100,
      backlog: 200,
    });
    expect(
      readWorkerConfig({ ...valid, DATAVERSE_BULK_WRITES: 'off' }).dataverse.bulkWrites,
    ).toEqual({ mode: 'off', batchSize: 100, backlog: 200 });
    const env = {
      ...valid,
      DATAVERSE_BULK_WRITES: 'auto',
      DATAVERSE_BULK_BATCH_SIZE: '500',
      DATAVERSE_BULK_BACKLOG: '50',
    };
    expect(readWorkerConfig(env).dataverse.bulkWrites).toEqual({
      mode: 'auto',
      batchSize: 500,
      backlog: 50,
    });
    expect(() => readWorkerConfig({ ...valid, DATAVERSE_BULK_WRITES: 'always' })).toThrow(
      /DATAVERSE_BULK_WRITES must be/,
    );
    expect(() => readWorkerConfig({ ...valid, DATAVERSE_BULK_BATCH_SIZE: '1001' })).toThrow(
      /DATAVERSE_BULK_BATCH_SIZE must be/,
    );
    expect(() => readWorkerConfig({ ...valid, DATAVERSE_BULK_BATCH_SIZE: '1' })).toThrow(
      /DATAVERSE_BULK_BATCH_SIZE must be/,
    );
  });

  it('signs in with a certificate when one is given instead of a secret', () => {
    const config = readWorkerConfig({
      ...valid,
      AZURE_CLIENT_SECRET: undefined,
      AZURE_CLIENT_CERTIFICATE_PATH: '/run/cert.pem',
    });

    expect(config.credential).toEqual({ kind: 'certificate', certificatePath: '/run/cert.pem' });
  });

  it.each([
    ['DATAVERSE_URL', { ...valid, DATAVERSE_URL: undefined }, /DATAVERSE_URL is required/],
    [
      'DATAVERSE_URL',
      { ...valid, DATAVERSE_URL: 'http://contoso' },
      /DATAVERSE_URL must start with https:/,
    ],
    ['AZURE_TENANT_ID', { ...valid, AZURE_TENANT_ID: '' }, /AZURE_TENANT_ID is required/],
    ['AZURE_CLIENT_ID', { ...valid, AZURE_CLIENT_ID: undefined }, /AZURE_CLIENT_ID is required/],
    [
      'a credential',
      { ...valid, AZURE_CLIENT_SECRET: undefined },
      /AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE or AZURE_CREDENTIAL=managed-identity is required/,
    ],
    [
      'concurrency',
      { ...valid, DATAVERSE_MAX_CONCURRENCY: '60' },
      /DATAVERSE_MAX_CONCURRENCY must be/,
    ],
    [
      'the longest Retry-After pause',
      { ...valid, RETRY_AFTER_MAX_SECONDS: '0' },
      /RETRY_AFTER_MAX_SECONDS must be/,
    ],
    [
      'the retention of failed leads',
      { ...valid, FAILED_RETENTION_DAYS: '0' },
      /FAILED_RETENTION_DAYS must be/,
    ],
  ])('stops naming %s when it is missing or wrong', (_what, env, message) => {
    expect(() => readWorkerConfig(env)).toThrow(message);
  });

  it('stops naming every tenant setting left unset at once, never falling back to a default tenant', () => {
    expect(() => readWorkerConfig({ REDIS_URL: 'redis://redis:6379' })).toThrow(
      'DATAVERSE_URL, AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE, or AZURE_CREDENTIAL=managed-identity) are required but not set',
    );
    expect(() =>
      readWorkerConfig({ DATAVERSE_URL: 'https://contoso.crm.dynamics.com', AZURE_CLIENT_ID: 'c' }),
    ).toThrow(
      'AZURE_TENANT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE, or AZURE_CREDENTIAL=managed-identity) are required but not set',
    );
  });
});

describe('SMTP_REQUIRE_TLS', () => {
  it('requires TLS of every smtp:// server unless set to false, for a local relay', () => {
    expect(readWorkerProcessConfig({}).smtpRequireTls).toBe(true);
    expect(readWorkerProcessConfig({ SMTP_REQUIRE_TLS: 'false' }).smtpRequireTls).toBe(false);
  });

  it('stops naming SMTP_REQUIRE_TLS when it is neither true nor false', () => {
    expect(() => readWorkerProcessConfig({ SMTP_REQUIRE_TLS: 'sometimes' })).toThrow(
      /SMTP_REQUIRE_TLS must be true or false/,
    );
  });
});

describe('without a configuration file', () => {
  it('has the same destination as a file saying the same, with the same defaults', () => {
    const env = {
      DATAVERSE_URL: 'https://contoso.crm.dynamics.com/',
      AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      AZURE_CLIENT_ID: '0d2f1c9e-4a55-4a5b-9d7c-3f1e2a6b8c90',
      AZURE_CLIENT_SECRET: 'secret',
    };
    const dir = mkdtempSync(join(tmpdir(), 'leadbridge-config-'));
    try {
      const path = join(dir, 'leadbridge.config.yaml');
      writeFileSync(
        path,
        [
          'destinations:',
          '  - name: dynamics',
          '    type: dataverse',
          `    url: ${env.DATAVERSE_URL}`,
          `    tenantId: ${env.AZURE_TENANT_ID}`,
          `    clientId: ${env.AZURE_CLIENT_ID}`,
          '    clientSecretEnv: AZURE_CLIENT_SECRET',
        ].join('\n'),
      );

      const fromFile = readWorkerSettings({ ...env, LEADBRIDGE_CONFIG: path });
      const fromEnvironment = readWorkerSettings(env);

      expect(fromEnvironment.kind).toBe('environment');
      expect(fromEnvironment.destinations).toEqual(fromFile.destinations);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a configuration file destination', () => {
  it("runs with the worker's DATAVERSE_MAX_CONCURRENCY and DATAVERSE_RATE_LIMIT_* where it says nothing, and with its own where it does", () => {
    const env = {
      AZURE_CLIENT_SECRET: 'secret',
      DATAVERSE_MAX_CONCURRENCY: '3',
      DATAVERSE_RATE_LIMIT_MAX: '5',
      DATAVERSE_RATE_LIMIT_WINDOW_MS: '2000',
    };
    const org = (name: string) => [
      `  - name: ${name}`,
      '    type: dataverse',
      `    url: https://${name}.crm.dynamics.com`,
      '    tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47',
      '    clientId: 0d2f1c9e-4a55-4a5b-9d7c-3f1e2a6b8c90',
      '    clientSecretEnv: AZURE_CLIENT_SECRET',
    ];
    const dir = mkdtempSync(join(tmpdir(), 'leadbridge-config-'));
    try {
      const path = join(dir, 'leadbridge.config.yaml');
      writeFileSync(
        path,
        [
          'destinations:',
          ...org('contoso'),
          ...org('fabrikam'),
          '    maxConcurrency: 12',
          '    rateLimit: { max: 7, windowMs: 1000 }',
        ].join('\n'),
      );
      const settings = readWorkerSettings({ ...env, LEADBRIDGE_CONFIG: path });

      const [contoso, fabrikam] = buildDestinations(settings.destinations, {
        env,
        requestTimeoutMs: settings.process.requestTimeoutMs,
        dataverse: settings.process.dataverse,
      });

      expect(contoso).toMatchObject({ concurrency: 3, rateLimit: { max: 5, durationMs: 2000 } });
      expect(fabrikam).toMatchObject({ concurrency: 12, rateLimit: { max: 7, durationMs: 1000 } });
      // Bulk writes are the worker's setting, on unless DATAVERSE_BULK_WRITES=off.
      expect(contoso?.bulk?.settings).toEqual({ mode: 'auto', batchSize: 100, backlog: 200 });
      const offSettings = readWorkerSettings({
        ...env,
        LEADBRIDGE_CONFIG: path,
        DATAVERSE_BULK_WRITES: 'off',
      });
      const [offContoso] = buildDestinations(offSettings.destinations, {
        env,
        requestTimeoutMs: offSettings.process.requestTimeoutMs,
        dataverse: offSettings.process.dataverse,
      });
      expect(offContoso?.bulk).toBeUndefined();
      // A destination's own bulkWrites wins over the worker's.
      writeFileSync(
        path,
        [
          'destinations:',
          ...org('contoso'),
          '    bulkWrites: { mode: auto, batchSize: 500 }',
          ...org('fabrikam'),
          '    bulkWrites: { mode: "off" }',
        ].join('\n'),
      );
      const ownSettings = readWorkerSettings({
        ...env,
        LEADBRIDGE_CONFIG: path,
        DATAVERSE_BULK_WRITES: 'auto',
        DATAVERSE_BULK_BACKLOG: '50',
      });
      const [ownContoso, ownFabrikam] = buildDestinations(ownSettings.destinations, {
        env,
        requestTimeoutMs: ownSettings.process.requestTimeoutMs,
        dataverse: ownSettings.process.dataverse,
      });
      expect(ownContoso?.bulk?.settings).toEqual({ mode: 'auto', batchSize: 500, backlog: 50 });
      expect(ownFabrikam?.bulk).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
