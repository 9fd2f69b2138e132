import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { startTestProxy, testRedisUrl, type TestProxy } from '@leadbridge/test-support';
import { runCli, type CliRun } from './run-cli';
import { simulatorConfigFile } from './simulator-config-file';

// The built check, as `npm run check` starts it (build first: `npx tsc -p tsconfig.build.json`).
const CHECK_CLI = join(__dirname, '..', 'dist', 'check-cli.js');

jest.setTimeout(30_000);

let sim: Simulator;
let workDir: string;

beforeAll(async () => {
  // A working directory without a .env, so only the environment given here counts.
  workDir = await mkdtemp(join(tmpdir(), 'leadbridge-check-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});
beforeEach(async () => {
  sim = await startSimulator();
});
afterEach(async () => {
  await sim.close();
});

/**
 * Runs the CLI with the simulator's environment (NODE_EXTRA_CA_CERTS included) and changes, and
 * the test run's Redis unless `env` names another.
 */
function runCheckCli(env: Record<string, string>): Promise<CliRun> {
  return runCli(CHECK_CLI, [], { cwd: workDir, env: { REDIS_URL: testRedisUrl(), ...env } });
}

/** The last line of the credentials report: the Redis report follows it after a blank line. */
function credentialsVerdict(run: CliRun): string | undefined {
  return run.stdout.split('\n\nLeadbridge Redis check')[0]?.trimEnd().split('\n').at(-1);
}

describe('npm run check', () => {
  it('prints a passing report and exits 0 when everything is in order', async () => {
    const run = await runCheckCli({ ...sim.env() });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Leadbridge credentials check');
    expect(lines.slice(1, 7)).toEqual([
      `  Tenant           ${sim.tenantId}`,
      `  App (client) id  ${sim.clientId}`,
      `  Org              ${sim.url}`,
      `  Authority        ${sim.url}`,
      '  Credential       client secret',
      '  Proxy            none',
    ]);
    expect(lines.slice(7, 12).map((line) => line.slice(0, 19))).toEqual([
      '✓ Token            ',
      '✓ WhoAmI           ',
      '✓ Lead table       ',
      '✓ Privileges       ',
      '✓ Columns          ',
    ]);
    expect(lines[7]).toBe(
      `✓ Token            obtained from Entra ID (client secret) for client id ${sim.clientId}`,
    );
    expect(lines[8]).toMatch(
      /^✓ WhoAmI {11}application user [0-9a-f-]{36}, organization [0-9a-f-]{36}$/,
    );
    expect(lines[9]).toBe('✓ Lead table       found (entity set leads)');
    expect(lines[10]).toBe('✓ Privileges       create and read leads');
    expect(lines[11]).toMatch(
      /^✓ Columns {10}subject 300, firstname 50, lastname 50, .* description 2000$/,
    );
    expect(lines[12]).toBe(
      '  Bulk writes      available (CreateMultiple on leads); on from 200 waiting leads (DATAVERSE_BULK_WRITES=auto)',
    );
    expect(lines[13]).toBe('All checks passed.');
    expect(run.stdout).not.toContain(sim.clientSecret);
  });

  it('says when bulk writes are on but the org has no CreateMultiple for leads', async () => {
    sim.faults.set({ createMultipleUnavailable: true });
    const run = await runCheckCli({ ...sim.env(), DATAVERSE_BULK_WRITES: 'auto' });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '  Bulk writes      not available: the org has no CreateMultiple for leads, so leads are written one by one; on from 200 waiting leads (DATAVERSE_BULK_WRITES=auto)',
    );
  });

  it('prints the likely cause and what to do, skips what cannot run, and exits 1', async () => {
    sim.faults.set({ appUserMissing: true });

    const run = await runCheckCli({ ...sim.env() });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✗ WhoAmI           Dataverse answered 403 (0x80072560): The user is not a member of the organization.\n' +
        '                   Likely cause: the app has no application user in this Dynamics 365 org.\n' +
        '                   What to do:   add the app as an application user in the Power Platform admin center',
    );
    expect(run.stdout).toContain('- Lead table       skipped: needs WhoAmI\n');
    expect(credentialsVerdict(run)).toBe('1 check failed, 3 skipped.');
  });

  it('never prints the client secret, even a wrong one Entra ID refused', async () => {
    const wrongSecret = 'Wr0ng~secret.value-0123456789abcdefghij';

    const run = await runCheckCli({ ...sim.env(), AZURE_CLIENT_SECRET: wrongSecret });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Likely cause: the client secret is wrong or expired.');
    expect(run.stdout + run.stderr).not.toContain(wrongSecret);
    expect(run.stdout + run.stderr).not.toContain(sim.clientSecret);
  });

  describe('behind an outbound proxy', () => {
    let proxy: TestProxy;
    afterEach(async () => {
      await proxy.close();
    });

    it('names the proxy it went through, with its password masked, and passes', async () => {
      proxy = await startTestProxy({ credentials: { user: 'svc', password: 'pr0xy-secret' } });

      const run = await runCheckCli({
        ...sim.env(),
        HTTPS_PROXY: proxy.urlWith('svc', 'pr0xy-secret'),
      });

      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `\n  Proxy            http://[redacted]@127.0.0.1:${proxy.port} (HTTPS_PROXY)\n`,
      );
      expect(proxy.tunnels()).toEqual(expect.arrayContaining([new URL(sim.url).host]));
      expect(run.stdout + run.stderr).not.toContain('pr0xy-secret');
    });

    it('with wrong proxy credentials, fails the token step saying the proxy wants its user and password', async () => {
      proxy = await startTestProxy({ credentials: { user: 'svc', password: 'pr0xy-secret' } });

      const run = await runCheckCli({ ...sim.env(), HTTPS_PROXY: proxy.urlWith('svc', 'wrong') });

      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `✗ Token            the proxy http://[redacted]@127.0.0.1:${proxy.port} (HTTPS_PROXY) refused a tunnel to ${new URL(sim.url).host} with 407 Proxy Authentication Required\n` +
          '                   Likely cause: the proxy wants a user and password it was not given, or not these.\n' +
          '                   What to do:   it asks for credentials: put the right user and password in HTTPS_PROXY (http://user:password@host:port, percent-encoded).\n',
      );
      expect(run.stdout + run.stderr).not.toContain('wrong');
    });

    it('stops with one line naming HTTPS_PROXY when it is not a proxy URL, its password masked', async () => {
      const run = await runCheckCli({ ...sim.env(), HTTPS_PROXY: 'http://svc:se#cret@proxy:3128' });

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'leadbridge check: configuration error: HTTPS_PROXY must be a proxy URL such as http://proxy.example:3128, got "http://[redacted]@proxy:3128" (percent-encode #, /, ? and @ in a user name or password: %23, %2F, %3F, %40)\n',
      );
    });
  });

  it('stops with one line naming the variable when the configuration is incomplete', async () => {
    const { AZURE_TENANT_ID: _missing, ...env } = sim.env();

    const run = await runCheckCli(env);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'leadbridge check: configuration error: AZURE_TENANT_ID is required but not set\n',
    );
  });

  it('stops with one line naming every tenant setting when none is set', async () => {
    const run = await runCheckCli({});

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^leadbridge check: configuration error: DATAVERSE_URL, AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET \(or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE, or AZURE_CREDENTIAL=managed-identity\) are required but not set: [^\n]*\n$/,
    );
  });

  describe('with a configuration file', () => {
    async function writeConfig(mapping: string[]): Promise<string> {
      const path = join(workDir, 'leadbridge.config.yaml');
      await writeFile(path, simulatorConfigFile(sim, mapping));
      return path;
    }

    function runWithFile(path: string): Promise<CliRun> {
      return runCheckCli({
        LEADBRIDGE_CONFIG: path,
        CONTOSO_CLIENT_SECRET: sim.clientSecret,
        NODE_EXTRA_CA_CERTS: sim.caCertPath,
      });
    }

    it("checks the destination's mapping against the org and passes when it fits", async () => {
      const path = await writeConfig([
        'subject: "{OfferTitle} – {ActionName}"',
        'leadsourcecode: 8',
      ]);

      const run = await runWithFile(path);

      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('contoso');
      expect(credentialsVerdict(run)).toBe('All checks passed.');
    });

    it("words its advice in the file's terms, not the environment variables'", async () => {
      const path = await writeConfig(['leadsourcecode: 8']);

      const run = await runCheckCli({
        LEADBRIDGE_CONFIG: path,
        CONTOSO_CLIENT_SECRET: 'Wr0ng~secret.value-0123456789abcdefghij',
        NODE_EXTRA_CA_CERTS: sim.caCertPath,
      });

      expect(run.code).toBe(1);
      expect(run.stdout).toContain('the variable its clientSecretEnv names');
      expect(run.stdout).not.toContain('AZURE_CLIENT_SECRET');
    });

    it('fails and names a mapped column the org does not have', async () => {
      const path = await writeConfig(['new_offertitle: OfferTitle']);

      const run = await runWithFile(path);

      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/new_offertitle/);
    });
  });
});
