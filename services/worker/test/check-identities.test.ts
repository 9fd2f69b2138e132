import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { freePort, testRedisUrl } from '@leadbridge/test-support';
import { runCli, type CliRun } from './run-cli';

// `npm run check` (the built CLI) with a managed identity or workload identity, each run a
// process of its own with the environment Azure would give it, as msal-node reads it from there.
const CHECK_CLI = join(__dirname, '..', 'dist', 'check-cli.js');

jest.setTimeout(30_000);

let sim: Simulator;
let workDir: string;

beforeAll(async () => {
  sim = await startSimulator();
  workDir = await mkdtemp(join(tmpdir(), 'leadbridge-check-identity-'));
});
afterAll(async () => {
  await sim.close();
  await rm(workDir, { recursive: true, force: true });
});

function check(env: Record<string, string>): Promise<CliRun> {
  // The check reports on the Redis holding the leads too: the test's own, never the user's.
  return runCli(CHECK_CLI, [], { cwd: workDir, env: { REDIS_URL: testRedisUrl(), ...env } });
}

async function tokenFileWith(token: string): Promise<string> {
  const path = join(workDir, `token-${randomUUID()}`);
  await writeFile(path, token);
  return path;
}

/** The report's lines from the failed step on: the step, its likely cause, what to do. */
function failure(run: CliRun): string[] {
  const lines = run.stdout.split('\n');
  const at = lines.findIndex((line) => line.startsWith('✗'));
  return lines.slice(at, at + 3).map((line) => line.trim());
}

describe('npm run check with a managed identity', () => {
  it("names the container app's identity and the client id Entra ID issued the token to", async () => {
    const env = sim.managedIdentityEnv('app-service');

    const run = await check({ ...env });

    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(
      `  Credential       managed identity (system-assigned), identity endpoint ${env.IDENTITY_ENDPOINT}`,
    );
    expect(lines).toContain(
      `✓ Token            obtained from the identity endpoint (managed identity) for client id ${sim.managedIdentities.systemAssigned}`,
    );
    expect(run.stdout).not.toMatch(/Tenant|Authority/);
  });

  it('says a user-assigned identity is not assigned to the machine, and how to assign it', async () => {
    const clientId = randomUUID();

    const run = await check({ ...sim.managedIdentityEnv('imds'), AZURE_CLIENT_ID: clientId });

    expect(run.code).toBe(1);
    expect(failure(run)).toEqual([
      '✗ Token            the managed identity endpoint answered 400: Identity not found',
      `Likely cause: the user-assigned identity with client id ${clientId} is not assigned to this resource.`,
      expect.stringMatching(/^What to do: {3}assign it to the VM \(az vm identity assign/),
    ]);
  });

  it('says when no identity endpoint answers at all', async () => {
    const host = `http://127.0.0.1:${await freePort()}`;

    const run = await check({
      DATAVERSE_URL: sim.url,
      AZURE_POD_IDENTITY_AUTHORITY_HOST: host,
    });

    expect(failure(run)).toEqual([
      '✗ Token            no answer from the managed identity endpoint (network_error)',
      `Likely cause: no managed identity endpoint answers at ${host}/metadata/identity/oauth2/token.`,
      expect.stringContaining(
        'run the worker on an Azure VM or AKS node that has a managed identity',
      ),
    ]);
  });

  it("names the identity's client id when Dataverse has no application user for it (403)", async () => {
    const clientId = randomUUID();
    sim.assignIdentity({ clientId, applicationUser: false });

    const run = await check({
      ...sim.managedIdentityEnv('app-service'),
      AZURE_CLIENT_ID: clientId,
    });

    expect(failure(run)).toEqual([
      '✗ WhoAmI           Dataverse answered 403 (0x80072560): The user is not a member of the organization.',
      `Likely cause: the managed identity with client id ${clientId} has no application user in this Dynamics 365 org.`,
      expect.stringContaining(`add an application user for client id ${clientId}`),
    ]);
  });
});

describe('npm run check with workload identity', () => {
  it('names the token file it signed in with', async () => {
    const tokenFile = await tokenFileWith(sim.serviceAccountToken());

    const run = await check({ ...sim.workloadIdentityEnv(tokenFile) });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  Credential       workload identity, token file ${tokenFile}\n`);
    expect(run.stdout).toContain(
      `✓ Token            obtained from Entra ID (workload identity) for client id ${sim.clientId}\n`,
    );
  });

  it('says the token file is missing, and what mounts it', async () => {
    const tokenFile = join(workDir, 'never-mounted');

    const run = await check({ ...sim.workloadIdentityEnv(tokenFile) });

    expect(failure(run)).toEqual([
      `✗ Token            the federated token file ${tokenFile} does not exist`,
      `Likely cause: ${tokenFile} does not exist.`,
      expect.stringContaining('label the pod azure.workload.identity/use: "true"'),
    ]);
  });

  it('says when the token in the file has expired', async () => {
    const tokenFile = await tokenFileWith(sim.serviceAccountToken({ lifetimeSeconds: -120 }));

    const run = await check({ ...sim.workloadIdentityEnv(tokenFile) });

    expect(failure(run)).toEqual([
      expect.stringMatching(/^✗ Token {12}the federated token in .* expired at \d{4}-\d\d-\d\dT/),
      `Likely cause: the token in ${tokenFile} has expired: nothing is renewing it.`,
      expect.stringContaining('restart the pod'),
    ]);
  });

  it("names the issuer and subject Entra ID's federated credentials do not trust (AADSTS70021)", async () => {
    const subject = 'system:serviceaccount:sales:leadbridge';
    const tokenFile = await tokenFileWith(sim.serviceAccountToken({ subject }));

    const run = await check({ ...sim.workloadIdentityEnv(tokenFile) });

    expect(failure(run)).toEqual([
      expect.stringMatching(
        /^✗ Token {12}Entra ID answered invalid_request, AADSTS70021: No matching federated identity record found for presented assertion\./,
      ),
      `Likely cause: app ${sim.clientId} has no federated credential for issuer ${sim.serviceAccount.issuer} and subject ${subject}.`,
      expect.stringContaining('subject system:serviceaccount:<namespace>:<service account>'),
    ]);
  });
});
