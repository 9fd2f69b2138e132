import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatorApp } from './create-simulator-app';
import { LeadStore } from './dataverse/lead-store';
import { buildLeadTable } from './dataverse/lead-table';
import { FaultController } from './faults/fault-controller';
import { AppRegistry } from './identity/app-registry';
import { TokenStore } from './identity/token-store';
import type { SimulatorOptions } from './simulator-options';
import type { Simulator } from './simulator';
import { StatsRecorder } from './stats';
import { CERT_FILE, writeFileAtomically } from './tls/certificate-files';
import { generateServerCertificate } from './tls/server-certificate';

async function listen(server: Server, port: number, host: string): Promise<number> {
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
  const registry = new AppRegistry();
  registry.register({
    tenantId,
    clientId,
    clientSecret,
    ...(options.clientCertificatePem ? { certificatePem: options.clientCertificatePem } : {}),
  });

  const givenOrigin = options.publicUrl === undefined ? undefined : publicOrigin(options.publicUrl);
  const tls = options.tls ?? (await generateServerCertificate(365, options.hostnames));
  const certificate = await writeCertificate(options.certDir, tls.certPem);
  const server = createServer({ key: tls.keyPem, cert: tls.certPem });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host).catch(async (error: unknown) => {
    if (certificate.removeDir) await rm(certificate.removeDir, { recursive: true, force: true });
    throw error;
  });
  const url = givenOrigin ?? `https://127.0.0.1:${port}`;

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
  });
  server.on('request', app);

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    caCertPem: tls.certPem,
    caCertPath: certificate.path,
    tenantId,
    clientId,
    clientSecret,
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
    leads: () => store.all(),
    clearLeads: () => store.clear(),
    stats: () => stats.snapshot(),
    revokeTokens: () => tokens.revokeAll(),
    close() {
      closed ??= (async () => {
        closing.abort();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections would hold close() open until the clients let go.
        server.closeAllConnections();
        await stopped;
        if (certificate.removeDir)
          await rm(certificate.removeDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
