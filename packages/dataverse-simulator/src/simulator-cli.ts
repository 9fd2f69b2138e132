import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Simulator } from './simulator';
import { startSimulator } from './start-simulator';
import {
  certificateUsable,
  generateServerCertificate,
  type TlsKeyPair,
} from './tls/server-certificate';

// Fixed, obviously fake ids: a worker's .env keeps working across simulator restarts.
export const DEMO_TENANT_ID = '5f1c0d2e-7a3b-4c8d-9e6f-0a1b2c3d4e5f';
export const DEMO_CLIENT_ID = '0b7e9a4c-2d1f-4e3a-8b5c-6d7e8f9a0b1c';
// Local-only credential of a local-only app; tests use random secrets instead.
export const DEMO_CLIENT_SECRET = 'simulator-demo-secret-not-for-real-use';

const KEY_FILE = 'simulator-key.pem';
const CERT_FILE = 'simulator-cert.pem';

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
function certDirFrom(env: NodeJS.ProcessEnv): string {
  const dir = env.SIMULATOR_CERT_DIR?.trim() || join('var', 'simulator');
  return isAbsolute(dir) ? dir : resolve(env.INIT_CWD ?? process.cwd(), dir);
}

/** Reuses the key pair from an earlier run while it is good, so running clients keep trusting it. */
async function keyPairIn(dir: string): Promise<TlsKeyPair> {
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERT_FILE);
  if (existsSync(keyPath) && existsSync(certPath)) {
    const kept = { keyPem: readFileSync(keyPath, 'utf8'), certPem: readFileSync(certPath, 'utf8') };
    if (certificateUsable(kept.certPem, 7)) return kept;
  }
  const fresh = await generateServerCertificate();
  await mkdir(dir, { recursive: true });
  await writeFile(keyPath, fresh.keyPem, { mode: 0o600 });
  return fresh;
}

// Values are printed bare when the shell would read them back unchanged, quoted otherwise.
function shellValue(value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Starts the simulator from environment variables (SIMULATOR_PORT, default 8443, 0 = free;
 * SIMULATOR_CERT_DIR, default ./var/simulator; SIMULATOR_CLIENT_SECRET, default a fixed demo
 * secret) and prints the environment a worker needs.
 */
export async function runSimulatorCli(
  env: NodeJS.ProcessEnv = process.env,
  output: CliOutput = consoleOutput,
): Promise<Simulator> {
  const certDir = certDirFrom(env);
  const simulator = await startSimulator({
    port: readPort(env.SIMULATOR_PORT),
    certDir,
    tls: await keyPairIn(certDir),
    tenantId: DEMO_TENANT_ID,
    clientId: DEMO_CLIENT_ID,
    clientSecret: env.SIMULATOR_CLIENT_SECRET?.trim() || DEMO_CLIENT_SECRET,
  });
  for (const [name, value] of Object.entries(simulator.env()))
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
