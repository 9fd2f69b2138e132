import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateServerCertificate,
  startSimulator,
  type Simulator,
  type TlsKeyPair,
} from '@leadbridge/dataverse-simulator';
import { startScriptArgs, testRedisUrl } from '@leadbridge/test-support';
import { queueExampleLead } from './queue-example-lead';
import { eventually } from './stack';

// The built worker, started as `npm start -w services/worker` starts it, each time with the
// environment Azure gives a workload with that kind of identity; msal-node reads it from there.
const START = startScriptArgs(join(__dirname, '..'));

jest.setTimeout(30_000);

let sim: Simulator;
let tls: TlsKeyPair;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // Both orgs serve one certificate, so the worker trusts both through one NODE_EXTRA_CA_CERTS.
  tls = await generateServerCertificate(1);
  sim = await startSimulator({ tls });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadbridge-identity-'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a worker with `env` until each simulator holds the lead; what the worker printed. */
async function deliver(env: Record<string, string>, sims: Simulator[] = [sim]): Promise<string> {
  const prefix = `test-${randomUUID()}`;
  const leadId = await queueExampleLead(prefix, { OfferTitle: `Offer ${randomUUID()}` });
  const child = spawn(process.execPath, START, {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      WORKER_HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (const each of sims) {
    await eventually(() => each.leads().some((row) => row.leadid === leadId), 20_000).catch(
      (error: unknown) => {
        throw new Error(`no lead in ${each.url}; the worker said:\n${output}`, { cause: error });
      },
    );
  }
  return output;
}

/**
 * Tokens handed out by the identity endpoints and by the token endpoint, so far. A worker may ask
 * twice as it starts (its readiness check and its first lead race msal's cache), so tests compare
 * with what came before rather than count.
 */
function tokensFrom(s: Simulator) {
  const { requests } = s.stats();
  return {
    identityEndpoint: requests['managed-identity']?.['200'] ?? 0,
    tokenEndpoint: requests.token?.['200'] ?? 0,
  };
}

describe('a worker without a secret delivers the lead', () => {
  it("as a container app's system-assigned identity, from IDENTITY_ENDPOINT", async () => {
    const before = tokensFrom(sim);

    await deliver({ ...sim.managedIdentityEnv('app-service') });

    expect(tokensFrom(sim).identityEndpoint).toBeGreaterThan(before.identityEndpoint);
  });

  it('as a user-assigned identity named by AZURE_CLIENT_ID, from the instance metadata endpoint', async () => {
    const before = tokensFrom(sim);

    await deliver({ ...sim.managedIdentityEnv('imds', { userAssigned: true }) });

    expect(tokensFrom(sim).identityEndpoint).toBeGreaterThan(before.identityEndpoint);
  });

  it('with AKS workload identity, the token file as its client assertion', async () => {
    const tokenFile = join(dir, 'azure-identity-token');
    writeFileSync(tokenFile, sim.serviceAccountToken());
    const before = tokensFrom(sim);

    await deliver({ ...sim.workloadIdentityEnv(tokenFile) });

    expect(tokensFrom(sim).tokenEndpoint).toBeGreaterThan(before.tokenEndpoint);
  });

  it('to two orgs from one configuration file, each signing in its own way', async () => {
    const other = await startSimulator({ tls });
    try {
      const tokenFile = join(dir, 'other-org-token');
      writeFileSync(tokenFile, other.serviceAccountToken());
      const config = join(dir, 'leadbridge.config.yaml');
      writeFileSync(
        config,
        [
          'destinations:',
          '  - name: contoso',
          '    type: dataverse',
          `    url: ${sim.url}`,
          '    credential: managed-identity',
          '  - name: fabrikam',
          '    type: dataverse',
          `    url: ${other.url}`,
          `    authorityHost: ${other.url}`,
          `    tenantId: ${other.tenantId}`,
          `    clientId: ${other.clientId}`,
          '    credential: workload-identity',
          `    federatedTokenFile: ${tokenFile}`,
        ].join('\n'),
      );
      const { DATAVERSE_URL: _url, ...identity } = sim.managedIdentityEnv('app-service');
      const before = tokensFrom(sim);

      const output = await deliver({ ...identity, LEADBRIDGE_CONFIG: config, LOG_LEVEL: 'info' }, [
        sim,
        other,
      ]);

      expect(tokensFrom(sim).identityEndpoint).toBeGreaterThan(before.identityEndpoint);
      expect(output).toContain(
        '"destinations":["contoso (dataverse, managed-identity)","fabrikam (dataverse, workload-identity)"]',
      );
      expect(tokensFrom(other)).toMatchObject({ identityEndpoint: 0 });
      expect(tokensFrom(other).tokenEndpoint).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
