import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { createHttpClient, createTokenProvider, type TokenProvider } from '../src';

// Workload identity through the worker's own msal-node and HTTP client: the token file is read
// each time Entra ID is asked, as the kubelet replaces it before it expires.

let sim: Simulator;
let dir: string;
let tokenFile: string;
let tokens: TokenProvider;

beforeEach(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(join(tmpdir(), 'leadbridge-token-file-'));
  tokenFile = join(dir, 'azure-identity-token');
  tokens = createTokenProvider({
    authorityHost: sim.url,
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    credential: { kind: 'workload-identity', tokenFile },
    dataverseUrl: sim.url,
    http: createHttpClient({ maxSockets: 2, timeoutMs: 5_000, ca: sim.caCertPem }),
  });
});
afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Replaces the file in one step, as the kubelet swaps a projected volume's contents. */
function rotate(token: string): void {
  const next = `${tokenFile}.next`;
  writeFileSync(next, token);
  renameSync(next, tokenFile);
}

const tokenRequests = () =>
  Object.values(sim.stats().requests.token ?? {}).reduce((a, b) => a + b, 0);

describe('the federated token file', () => {
  it('is read again for each new token, so a rotated file is what Entra ID sees', async () => {
    rotate(sim.serviceAccountToken());
    await tokens.getToken();

    // A token the app does not trust shows that the new file, not a copy, was sent.
    rotate(sim.serviceAccountToken({ subject: 'system:serviceaccount:other:someone-else' }));
    await expect(tokens.getToken({ forceRefresh: true })).rejects.toThrow(
      /AADSTS70021: No matching federated identity record .*system:serviceaccount:other:someone-else/,
    );

    rotate(sim.serviceAccountToken());
    await expect(tokens.getToken({ forceRefresh: true })).resolves.toMatch(/^ey/);
    expect(sim.stats().requests.token).toEqual({ '200': 2, '400': 1 });
  });

  it('keeps a cached token without reading the file until a new one is needed', async () => {
    rotate(sim.serviceAccountToken());
    const first = await tokens.getToken();
    rmSync(tokenFile);

    expect(await tokens.getToken()).toBe(first);
    expect(tokenRequests()).toBe(1);
  });

  it('that expired is refused before anything is sent, naming when it expired', async () => {
    rotate(sim.serviceAccountToken({ lifetimeSeconds: -60 }));

    const attempt = tokens.getToken();

    await expect(attempt).rejects.toThrow(/the federated token in .* expired at \d{4}-/);
    expect(tokenRequests()).toBe(0);
  });

  it('that cannot be read is named in the error, with the reason', async () => {
    // A directory where the file should be: unreadable even by root, which ignores permissions.
    mkdirSync(tokenFile);

    await expect(tokens.getToken()).rejects.toThrow(
      `the federated token file ${tokenFile} cannot be read (EISDIR)`,
    );
  });

  it('that is missing is named in the error', async () => {
    await expect(tokens.getToken()).rejects.toThrow(
      `the federated token file ${tokenFile} does not exist`,
    );
  });
});
