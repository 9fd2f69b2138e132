import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityApp } from './create-identity-app';
import { createSimulatorApp } from './create-simulator-app';
import { LeadStore } from './dataverse/lead-store';
import { buildLeadTable } from './dataverse/lead-table';
import { FaultController } from './faults/fault-controller';
import { AppRegistry } from './identity/app-registry';
import { ManagedIdentities } from './identity/managed-identities';
import { APP_SERVICE_TOKEN_PATH } from './identity/managed-identity-routes';
import { tenantIssuer } from './identity/openid-configuration';
import { ServiceAccountIssuer } from './identity/service-account-token';
import { SigningKey } from './identity/signing-key';
import { TestUsers } from './identity/test-users';
import { TokenStore } from './identity/token-store';
import type { SimulatorOptions } from './simulator-options';
import type { Simulator } from './simulator';
import { StatsRecorder } from './stats';
import { CERT_FILE, writeFileAtomically } from './tls/certificate-files';
import { generateServerCertificate } from './tls/server-certificate';

async function listen(server: NetServer, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function writeCertificate(certDir: string | undefined, certPem: string) {
  const ownDir = certDir === undefined;
  const dir = certDir ?? (await mkdtemp(join(tmpdir(), 'dataverse-simulator-')));
  await mkdir(dir, { recursive: true });
  const path = join(dir, CERT_FILE);
  // Other processes may be reading it as they start (NODE_EXTRA_CA_CERTS in docker compose).
  await writeFileAtomically(path, certPem, 0o644);
  return { path, removeDir: ownDir ? dir : undefined };
}

/** The origin of `publicUrl`; the simulator's routes start at `/`, so it takes no path. */
function publicOrigin(publicUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    throw new Error(`publicUrl must be a URL, got "${publicUrl}"`);
  }
  if (parsed.protocol !== 'https:' || parsed.pathname !== '/' || parsed.search || parsed.hash) {
    throw new Error('publicUrl must be an https origin such as https://simulator:8443');
  }
  return parsed.origin;
}

/**
 * Starts a simulator over HTTPS, on 127.0.0.1 unless `host` says otherwise. Options are checked
 * before anything listens: a bad custom column, fault or public URL throws here.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const table = buildLeadTable(options.customColumns, options.columnLengths);
  const faults = new FaultController();
  if (options.faults) faults.set(options.faults);
  const tenantId = (options.tenantId ?? randomUUID()).toLowerCase();
  const clientId = (options.clientId ?? randomUUID()).toLowerCase();
  const clientSecret = options.clientSecret ?? randomBytes(30).toString('base64url');
  // The default app signs in with its secret, its certificate, or a token of the cluster's
  // service account (an issuer that is never fetched, so any URL will do); the resource the
  // simulator plays has a system-assigned and a user-assigned identity. Each has an application
  // user in the org.
  const serviceAccounts = new ServiceAccountIssuer(
    `https://oidc.aks.invalid/${tenantId}/`,
    options.serviceAccountSubject ?? 'system:serviceaccount:leadbridge:leadbridge-worker',
  );
  const registry = new AppRegistry();
  registry.register({
    tenantId,
    clientId,
    clientSecret,
    ...(options.clientCertificatePem ? { certificatePem: options.clientCertificatePem } : {}),
    ...(options.redirectUris ? { redirectUris: options.redirectUris } : {}),
    federatedCredentials: [{ issuer: serviceAccounts.issuer, subject: serviceAccounts.subject }],
  });
  const systemAssigned = randomUUID();
  const userAssigned = randomUUID();
  const identities = new ManagedIdentities(systemAssigned);
  for (const identity of [systemAssigned, userAssigned]) {
    registry.register({ tenantId, clientId: identity, managedIdentity: true });
  }
  identities.assign(userAssigned);

  const givenOrigin = options.publicUrl === undefined ? undefined : publicOrigin(options.publicUrl);
  const tls = options.tls ?? (await generateServerCertificate(365, options.hostnames));
  const certificate = await writeCertificate(options.certDir, tls.certPem);
  const server = createServer({ key: tls.keyPem, cert: tls.certPem });
  const identityServer = createHttpServer();
  const host = options.host ?? '127.0.0.1';
  let identityPort = 0;
  const port = await listen(server, options.port ?? 0, host)
    .then(async (listening) => {
      identityPort = await listen(identityServer, options.identityPort ?? 0, host).catch(
        (error: unknown) => {
          server.close();
          throw error;
        },
      );
      return listening;
    })
    .catch(async (error: unknown) => {
      if (certificate.removeDir) await rm(certificate.removeDir, { recursive: true, force: true });
      throw error;
    });
  const url = givenOrigin ?? `https://127.0.0.1:${port}`;
  const identityUrl = `http://127.0.0.1:${identityPort}`;

  const users = new TestUsers(options.testUsers);
  const store = new LeadStore(table);
  const tokens = new TokenStore();
  const stats = new StatsRecorder();
  const closing = new AbortController();
  // Every request waiting out injected latency listens to this one signal, so a busy simulator
  // has far more than Node's default of 10 listeners on it, by design.
  setMaxListeners(0, closing.signal);
  const app = createSimulatorApp({
    url,
    tenantId,
    table,
    store,
    tokens,
    registry,
    faults,
    stats,
    closing: closing.signal,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    signingKey: new SigningKey(),
    users,
  });
  server.on('request', app);

  const identityHeader = randomBytes(24).toString('base64url');
  identityServer.on(
    'request',
    createIdentityApp({
      url,
      tenantId,
      registry,
      identities,
      tokens,
      stats,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      identityHeader,
    }),
  );

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    caCertPem: tls.certPem,
    caCertPath: certificate.path,
    tenantId,
    clientId,
    clientSecret,
    issuer: tenantIssuer(url, tenantId),
    testUsers: users.all().map((user) => ({ ...user })),
    faults: {
      set: (update) => faults.set(update),
      get: () => faults.get(),
      reset: () => faults.reset(),
    },
    env: () => ({
      DATAVERSE_URL: url,
      AZURE_AUTHORITY_HOST: url,
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      AZURE_CLIENT_SECRET: clientSecret,
      NODE_EXTRA_CA_CERTS: certificate.path,
    }),
    registerApp: (registration) => {
      registry.register(registration);
    },
    identityUrl,
    identityHeader,
    managedIdentities: { systemAssigned, userAssigned },
    assignIdentity: ({ clientId: identity, applicationUser }) => {
      registry.register({
        tenantId,
        clientId: identity,
        managedIdentity: true,
        ...(applicationUser !== undefined ? { applicationUser } : {}),
      });
      identities.assign(identity);
    },
    managedIdentityEnv: (endpoint, { userAssigned: user = false } = {}) => ({
      DATAVERSE_URL: url,
      ...(endpoint === 'app-service'
        ? {
            IDENTITY_ENDPOINT: `${identityUrl}${APP_SERVICE_TOKEN_PATH}`,
            IDENTITY_HEADER: identityHeader,
          }
        : { AZURE_POD_IDENTITY_AUTHORITY_HOST: identityUrl }),
      ...(user ? { AZURE_CLIENT_ID: userAssigned } : {}),
      NODE_EXTRA_CA_CERTS: certificate.path,
    }),
    serviceAccount: { issuer: serviceAccounts.issuer, subject: serviceAccounts.subject },
    serviceAccountToken: (tokenOptions) => serviceAccounts.token(tokenOptions),
    workloadIdentityEnv: (tokenFile) => ({
      DATAVERSE_URL: url,
      AZURE_AUTHORITY_HOST: url,
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      NODE_EXTRA_CA_CERTS: certificate.path,
    }),
    leads: () => store.all(),
    clearLeads: () => store.clear(),
    stats: () => stats.snapshot(),
    revokeTokens: () => tokens.revokeAll(),
    close() {
      closed ??= (async () => {
        closing.abort();
        const stopped = [server, identityServer].map(
          (each) => new Promise<void>((resolve) => each.close(() => resolve())),
        );
        // Keep-alive connections would hold close() open until the clients let go.
        server.closeAllConnections();
        identityServer.closeAllConnections();
        await Promise.all(stopped);
        if (certificate.removeDir)
          await rm(certificate.removeDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
