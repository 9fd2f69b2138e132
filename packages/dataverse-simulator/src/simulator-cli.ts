import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import type { Simulator } from './simulator';
import { startSimulator } from './start-simulator';
import { keyPairIn } from './tls/certificate-files';

// Fixed, obviously fake ids: a worker's .env keeps working across simulator restarts.
export const DEMO_TENANT_ID = '5f1c0d2e-7a3b-4c8d-9e6f-0a1b2c3d4e5f';
export const DEMO_CLIENT_ID = '0b7e9a4c-2d1f-4e3a-8b5c-6d7e8f9a0b1c';
// Local-only credential of a local-only app; tests use random secrets instead.
export const DEMO_CLIENT_SECRET = 'simulator-demo-secret-not-for-real-use';

/** Where the CLI writes its output lines. */
export interface CliOutput {
  /** `KEY=value` lines for `.env` files and `eval`. */
  env(line: string): void;
  /** Lines for the person at the terminal. */
  human(line: string): void;
}

const consoleOutput: CliOutput = {
  env: (line) => console.log(line),
  human: (line) => console.error(line),
};

function readPort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 8443;
  const port = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new Error(`SIMULATOR_PORT must be a port number from 0 to 65535, got "${value}"`);
  }
  return port;
}

/**
 * Relative paths are taken from where `npm` was started (INIT_CWD): `npm start -w` runs scripts
 * inside the package, and the default `./var/simulator` belongs at the repository root.
 */
export function certDirFrom(env: NodeJS.ProcessEnv): string {
  const dir = env.SIMULATOR_CERT_DIR?.trim() || join('var', 'simulator');
  return isAbsolute(dir) ? dir : resolve(env.INIT_CWD ?? process.cwd(), dir);
}

/** SIMULATOR_HOSTNAMES: comma-separated names the certificate must cover besides the defaults. */
export function hostnamesFrom(env: NodeJS.ProcessEnv): string[] {
  const names = (env.SIMULATOR_HOSTNAMES ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = names.find(
    (name) => isIP(name) === 0 && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(name),
  );
  if (bad !== undefined) {
    throw new Error(`SIMULATOR_HOSTNAMES must list host names or IP addresses, got "${bad}"`);
  }
  return names;
}

function publicUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.SIMULATOR_PUBLIC_URL?.trim();
  if (!url) return undefined;
  if (!/^https:\/\/[^/?#]+\/?$/i.test(url)) {
    throw new Error(
      `SIMULATOR_PUBLIC_URL must be an https origin such as https://simulator:8443, got "${url}"`,
    );
  }
  return url;
}

// Values are printed bare when the shell would read them back unchanged, quoted otherwise.
function shellValue(value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Starts the simulator from environment variables (SIMULATOR_PORT, default 8443, 0 = free;
 * SIMULATOR_HOST, default 127.0.0.1; SIMULATOR_HOSTNAMES, extra certificate names, default none;
 * SIMULATOR_PUBLIC_URL, default https://127.0.0.1:<port>; SIMULATOR_CERT_DIR, default
 * ./var/simulator; SIMULATOR_CLIENT_SECRET, default a fixed demo secret) and prints the
 * environment a worker needs.
 */
export async function runSimulatorCli(
  env: NodeJS.ProcessEnv = process.env,
  output: CliOutput = consoleOutput,
): Promise<Simulator> {
  const certDir = certDirFrom(env);
  const hostnames = hostnamesFrom(env);
  const publicUrl = publicUrlFrom(env);
  const simulator = await startSimulator({
    port: readPort(env.SIMULATOR_PORT),
    host: env.SIMULATOR_HOST?.trim() || '127.0.0.1',
    ...(publicUrl !== undefined ? { publicUrl } : {}),
    certDir,
    tls: await keyPairIn(certDir, hostnames),
    tenantId: DEMO_TENANT_ID,
    clientId: DEMO_CLIENT_ID,
    clientSecret: env.SIMULATOR_CLIENT_SECRET?.trim() || DEMO_CLIENT_SECRET,
  });
  for (const [name, value] of Object.entries<string>({ ...simulator.env() }))
    output.env(`${name}=${shellValue(value)}`);
  output.human(
    `Dataverse simulator on ${simulator.url} (admin API: ${simulator.url}/_simulator/stats); ` +
      'stop it with Ctrl+C.',
  );
  return simulator;
}

function stopOnSignals(simulator: Simulator): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second signal: the person wants out now
    stopping = true;
    console.error(`${signal}: stopping the simulator`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  runSimulatorCli().then(stopOnSignals, (error: unknown) => {
    console.error(`dataverse simulator: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
