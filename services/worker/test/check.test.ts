import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '@leadbridge/dataverse-simulator';
import { LEAD_COLUMN_LENGTHS } from '@leadbridge/lead-model/mapping';
import { freePort } from '@leadbridge/test-support';
import { checkDepsFor } from '../src/destinations/dataverse/check/check-deps';
import type { CheckReport, CheckStep } from '../src/destinations/dataverse/check/check-report';
import { runCheck, type CheckDeps } from '../src/destinations/dataverse/check/run-check';
import { readWorkerConfig } from '../src/config';
import { createDataverseClient } from '../src/destinations/dataverse/dataverse-client';
import { createHttpClient } from '../src/destinations/dataverse/http-client';
import { createTokenProvider } from '../src/destinations/dataverse/token-provider';

// The check against the simulator over TLS, through the worker's own msal-node and HTTP client.
jest.setTimeout(30_000);

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator(options);
  return sim;
}

/** The worker's configuration for the simulator, with some variables changed. */
function configFor(s: Simulator, changes: Record<string, string> = {}) {
  return readWorkerConfig({ ...s.env(), DATAVERSE_TIMEOUT_MS: '5000', ...changes });
}

/** Runs the check as `npm run check` does, trusting the simulator's CA explicitly. */
function check(s: Simulator, changes: Record<string, string> = {}): Promise<CheckReport> {
  return runCheck(checkDepsFor(configFor(s, changes), { ca: s.caCertPem }));
}

function statuses(report: CheckReport): Record<string, CheckStep['status']> {
  return Object.fromEntries(report.steps.map((step) => [step.name, step.status]));
}

function failedStep(report: CheckReport) {
  const step = report.steps.find((candidate) => candidate.status === 'failed');
  if (step?.status !== 'failed') throw new Error('expected a failed step');
  return step;
}

describe('the credentials check', () => {
  it('passes every step when the app, its application user and the lead table are in order', async () => {
    const s = await simulator();

    const report = await check(s);

    expect(report.passed).toBe(true);
    expect(statuses(report)).toEqual({
      token: 'passed',
      whoami: 'passed',
      leadTable: 'passed',
      privileges: 'passed',
      columns: 'passed',
    });
    expect(report).toMatchObject({
      tenantId: s.tenantId,
      clientId: s.clientId,
      dataverseUrl: s.url,
      credential: 'secret',
      entitySetName: 'leads',
      privileges: { create: true, read: true },
      whoAmI: { UserId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    expect(report.columns).toEqual(
      Object.entries(LEAD_COLUMN_LENGTHS).map(([column, length]) => ({
        column,
        cutLength: length,
        orgLength: length,
        status: 'ok',
      })),
    );
  });

  it('when the client secret is wrong, blames the secret and skips the rest', async () => {
    const s = await simulator();
    const wrongSecret = `wrong-${randomUUID()}`;

    const report = await check(s, { AZURE_CLIENT_SECRET: wrongSecret });

    const step = failedStep(report);
    expect(step.name).toBe('token');
    expect(step.detail).toMatch(/^Entra ID answered invalid_client, AADSTS7000215: /);
    expect(step.cause.kind).toBe('wrong-credential');
    expect(step.cause.explanation).toBe('the client secret is wrong or expired');
    expect(step.cause.remedy).toMatch(/^create a new one under Certificates & secrets/);
    expect(JSON.stringify(report)).not.toContain(wrongSecret);
    expect(statuses(report)).toMatchObject({ whoami: 'skipped', columns: 'skipped' });
    expect(report.passed).toBe(false);
  });

  it('when the client id is not an app in the tenant, says so (AADSTS700016)', async () => {
    const s = await simulator();

    const report = await check(s, { AZURE_CLIENT_ID: randomUUID() });

    const step = failedStep(report);
    expect(step.name).toBe('token');
    expect(step.detail).toContain('AADSTS700016');
    expect(step.cause.kind).toBe('unknown-client');
    expect(step.cause.remedy).toMatch(/check AZURE_CLIENT_ID/);
  });

  it("when the tenant does not exist, finds AADSTS90002 behind msal-node's silence", async () => {
    const s = await simulator();

    const report = await check(s, { AZURE_TENANT_ID: randomUUID() });

    const step = failedStep(report);
    expect(step.name).toBe('token');
    expect(step.detail).toContain('AADSTS90002');
    expect(step.cause.kind).toBe('unknown-tenant');
  });

  it('when the authority host answers nothing, points at AZURE_AUTHORITY_HOST', async () => {
    const s = await simulator();

    const report = await check(s, {
      AZURE_AUTHORITY_HOST: `https://127.0.0.1:${await freePort()}`,
    });

    const step = failedStep(report);
    expect(step.name).toBe('token');
    expect(step.detail).toMatch(/connection refused \(ECONNREFUSED\)/);
    expect(step.cause.kind).toBe('wrong-authority');
  });

  it('when the certificate file cannot be read, says so instead of crashing', async () => {
    const s = await simulator();

    const report = await check(s, {
      AZURE_CLIENT_SECRET: '',
      AZURE_CLIENT_CERTIFICATE_PATH: join(tmpdir(), `no-such-certificate-${randomUUID()}.pem`),
    });

    const step = failedStep(report);
    expect(step.name).toBe('token');
    expect(step.detail).toMatch(/^ENOENT: no such file or directory/);
    expect(step.cause.kind).toBe('certificate-unreadable');
    expect(report.credential).toBe('certificate');
  });

  it('when the app has no application user in the org, says to add one (403 0x80072560)', async () => {
    const s = await simulator({ faults: { appUserMissing: true } });

    const report = await check(s);

    const step = failedStep(report);
    expect(step.name).toBe('whoami');
    expect(step.detail).toBe(
      'Dataverse answered 403 (0x80072560): The user is not a member of the organization.',
    );
    expect(step.cause).toMatchObject({
      kind: 'app-user-missing',
      explanation: 'the app has no application user in this Dynamics 365 org',
    });
    expect(step.cause.remedy).toMatch(
      /^add the app as an application user in the Power Platform admin center .* and give it a security role$/,
    );
    expect(statuses(report)).toEqual({
      token: 'passed',
      whoami: 'failed',
      leadTable: 'skipped',
      privileges: 'skipped',
      columns: 'skipped',
    });
  });

  it('when the application user may not create leads, names the missing privilege', async () => {
    const s = await simulator({ faults: { denyPrivilege: true } });

    const report = await check(s);

    const step = failedStep(report);
    expect(step.name).toBe('privileges');
    expect(step.detail).toBe('missing prvCreateLead');
    expect(step.cause.kind).toBe('missing-privilege');
    expect(step.cause.remedy).toMatch(
      /^give the application user a security role with Create on Lead/,
    );
    expect(report.privileges).toEqual({ create: false, read: true });
    // The other checks still ran: one fix, one more run.
    expect(statuses(report)).toMatchObject({ leadTable: 'passed', columns: 'passed' });
  });

  it('when a column is shorter in the org than Leadbridge cuts to, fails on that column', async () => {
    const s = await simulator({ columnLengths: { firstname: 30, jobtitle: 200 } });

    const report = await check(s);

    const step = failedStep(report);
    expect(step.name).toBe('columns');
    expect(step.detail).toBe('firstname 30 (Leadbridge sends up to 50)');
    expect(step.cause.kind).toBe('column-mismatch');
    expect(step.cause.remedy).toMatch(/^make firstname at least 50 characters long/);
    expect(report.columns).toEqual(
      expect.arrayContaining([
        { column: 'firstname', cutLength: 50, orgLength: 30, status: 'too-short' },
        // Longer in the org is fine: Leadbridge's values fit.
        { column: 'jobtitle', cutLength: 100, orgLength: 200, status: 'ok' },
      ]),
    );
  });

  describe('when DATAVERSE_URL is wrong', () => {
    it('and Entra ID knows no such resource, the token step says so (AADSTS500011)', async () => {
      const s = await simulator();

      const report = await check(s, { DATAVERSE_URL: `https://127.0.0.1:${await freePort()}` });

      const step = failedStep(report);
      expect(step.name).toBe('token');
      expect(step.detail).toContain('AADSTS500011');
      expect(step.cause.kind).toBe('wrong-org-url');
      expect(step.cause.remedy).toMatch(/^check DATAVERSE_URL/);
    });

    /**
     * The check with a token Entra ID issued, while the org URL leads nowhere useful: the
     * simulator's token stands in for one issued for a mistyped org host.
     */
    async function checkOrgAt(s: Simulator, dataverseUrl: string, ca?: string) {
      const config = configFor(s, { DATAVERSE_URL: dataverseUrl });
      const http = createHttpClient({ maxSockets: 2, timeoutMs: 5_000, ca: s.caCertPem });
      const tokens = createTokenProvider({ ...config, dataverseUrl: s.url, http });
      const orgHttp = createHttpClient({ maxSockets: 2, timeoutMs: 5_000, ...(ca ? { ca } : {}) });
      const deps: CheckDeps = {
        ...checkDepsFor(config, { ca: s.caCertPem }),
        tokens,
        dataverse: createDataverseClient({ dataverseUrl, http: orgHttp, tokens }),
      };
      return runCheck(deps);
    }

    it('and nothing listens there, WhoAmI fails with the refused connection', async () => {
      const s = await simulator();
      const url = `https://127.0.0.1:${await freePort()}`;

      const report = await checkOrgAt(s, url, s.caCertPem);

      const step = failedStep(report);
      expect(step.name).toBe('whoami');
      expect(step.detail).toBe(`no answer from ${url}: connection refused (ECONNREFUSED)`);
      expect(step.cause).toMatchObject({
        kind: 'wrong-org-url',
        explanation: `nothing accepts connections at ${new URL(url).host}`,
      });
      expect(step.cause.remedy).toMatch(/^check DATAVERSE_URL/);
    });

    it('and the server there has a certificate not trusted here, WhoAmI names TLS', async () => {
      const s = await simulator();

      const report = await checkOrgAt(s, s.url);

      const step = failedStep(report);
      expect(step.name).toBe('whoami');
      expect(step.detail).toMatch(/TLS certificate not trusted/);
      expect(step.cause.kind).toBe('wrong-org-url');
    });
  });
});
