// Starts every Leadbridge service from its build (`npm start` builds first), with the environment
// as given and `.env` (not with --no-env-file). Without DATAVERSE_URL (or with --demo) it also
// starts the local Dataverse simulator and points the worker at it, so a fresh checkout runs end
// to end with no tenant; --credential=managed-identity or --credential=workload-identity has the
// demo worker sign in as a container app's identity or an AKS pod does, without a secret;
// --sign-in=entra has people sign in to the demo dashboard with the simulator's Entra ID. SIGTERM, SIGINT or SIGHUP stops the services and waits for them; the
// package.json scripts `exec` this one, so the signal npm passes on reaches it, not a shell that
// would die of it and leave the services running.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRedis } from './local-redis.mjs';
import { serviceNodeArgs } from './service-command.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const envFile = join(root, '.env');
if (!process.argv.includes('--no-env-file') && existsSync(envFile)) process.loadEnvFile(envFile);
const env = { ...process.env };
// The services get every setting from here: without the directory npm was run in, they never
// read a .env themselves (so --no-env-file holds for them too).
delete env.INIT_CWD;
const demo = process.argv.includes('--demo') || !env.DATAVERSE_URL;

// How the demo worker signs in to the simulator.
const DEMO_CREDENTIALS = ['secret', 'managed-identity', 'workload-identity'];
const credentialFlag = process.argv.find((arg) => arg.startsWith('--credential='));
const demoCredential = credentialFlag?.slice('--credential='.length) ?? 'secret';
if (!DEMO_CREDENTIALS.includes(demoCredential) || (credentialFlag && !demo)) {
  process.stderr.write(
    credentialFlag && !demo
      ? 'leadbridge: --credential is for the demo; for your tenant set AZURE_CREDENTIAL\n'
      : `leadbridge: --credential must be one of ${DEMO_CREDENTIALS.join(', ')}\n`,
  );
  process.exit(1);
}

// How people sign in to the demo's dashboard: its password, or Entra ID as the simulator plays it.
const SIGN_INS = ['basic', 'entra'];
const signInFlag = process.argv.find((arg) => arg.startsWith('--sign-in='));
const demoSignIn = signInFlag?.slice('--sign-in='.length) ?? 'basic';
if (!SIGN_INS.includes(demoSignIn) || (signInFlag && !demo)) {
  process.stderr.write(
    signInFlag && !demo
      ? 'leadbridge: --sign-in is for the demo; for your tenant set ADMIN_OIDC_ISSUER (README)\n'
      : `leadbridge: --sign-in must be one of ${SIGN_INS.join(', ')}\n`,
  );
  process.exit(1);
}

let stopping = false;
let exitCode = 0;
const services = [];
let redisServer;
let simulator;

/** Ends the processes still running: the services first, Redis after them. */
function stopAll(code, signal = 'SIGTERM') {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const child of services) if (running(child)) child.kill(signal);
  setTimeout(() => process.exit(code), 30_000).unref();
  Promise.all(services.map(exited))
    .then(() => simulator?.close())
    .then(() => {
      if (redisServer && running(redisServer)) redisServer.kill('SIGTERM');
      return redisServer && exited(redisServer);
    })
    .then(() => process.exit(exitCode));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(0, signal));
// The children have process groups of their own (a terminal's Ctrl-C reaches this script alone,
// which passes it on once): whatever ends this script must not leave them running.
process.on('exit', () => {
  for (const child of [...services, redisServer])
    if (child && running(child)) child.kill('SIGKILL');
});

function running(child) {
  return child.exitCode === null && child.signalCode === null;
}

function exited(child) {
  return new Promise((resolve) => (running(child) ? child.once('exit', resolve) : resolve()));
}

const DEMO_QUEUE_PREFIX = 'leadbridge-demo';

const requireFromApi = createRequire(join(root, 'services', 'api', 'package.json'));
const { createWorkerConnection, readRedisSettings } = requireFromApi('@leadbridge/service-kit');

/** Empties the demo's lead queue, under the prefix the services will use (hash-tagged in a cluster). */
async function clearDemoQueue() {
  const { Queue } = requireFromApi('bullmq');
  const { LEAD_QUEUE } = requireFromApi('@leadbridge/lead-model');
  const settings = readRedisSettings(env);
  const connection = createWorkerConnection(settings);
  const queue = new Queue(LEAD_QUEUE, { connection, prefix: settings.queuePrefix });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

// As the services read them: REDIS_URL (with REDIS_PASSWORD), or sentinels, or cluster nodes.
let redisSettings;
try {
  redisSettings = readRedisSettings(env);
} catch (error) {
  process.stderr.write(`leadbridge: configuration error: ${error.message}\n`);
  process.exit(1);
}
await ensureRedis({
  root,
  settings: redisSettings,
  configured: !!env.REDIS_URL,
  demo,
  onStart: (child) => (redisServer = child),
});

if (demo && !stopping) {
  const { startSimulator } = await import(
    join(root, 'packages', 'dataverse-simulator', 'dist', 'index.js')
  );
  simulator = await startSimulator({
    port: Number(env.SIMULATOR_PORT ?? 8443),
    certDir: join(root, 'var', 'simulator'),
  });
  // Whatever credential .env names is for a tenant, not for the simulator.
  for (const name of [
    'AZURE_CREDENTIAL',
    'AZURE_CLIENT_CERTIFICATE_PATH',
    'AZURE_FEDERATED_TOKEN_FILE',
    'IDENTITY_ENDPOINT',
    'IDENTITY_HEADER',
    'AZURE_POD_IDENTITY_AUTHORITY_HOST',
  ])
    delete env[name];
  Object.assign(env, simulator.env());
  // The simulator is on this machine: reached directly even where HTTPS_PROXY is set. Both
  // spellings, the lower-case one winning as the worker reads them.
  const direct = [env.no_proxy || env.NO_PROXY, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  env.NO_PROXY = env.no_proxy = direct;
  if (demoCredential !== 'secret') {
    for (const name of ['AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID'])
      delete env[name];
  }
  if (demoCredential === 'managed-identity') {
    // As Azure Container Apps gives a container its identity.
    Object.assign(env, simulator.managedIdentityEnv('app-service'));
  } else if (demoCredential === 'workload-identity') {
    // As AKS mounts a service account token: rewritten well before it expires, as the kubelet does.
    const dir = join(root, 'var', 'simulator');
    const tokenFile = join(dir, 'azure-identity-token');
    const writeToken = () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${tokenFile}.next`, simulator.serviceAccountToken(), { mode: 0o600 });
      renameSync(`${tokenFile}.next`, tokenFile);
    };
    writeToken();
    setInterval(writeToken, 30 * 60 * 1000).unref();
    Object.assign(env, simulator.workloadIdentityEnv(tokenFile));
  }
  // The simulator forgets its records when it stops, so the demo keeps its queue apart and
  // empties it at each start: a lead sent again must reach this simulator, not be answered
  // "duplicate" because an earlier demo's simulator had it.
  env.QUEUE_PREFIX = DEMO_QUEUE_PREFIX;
  await clearDemoQueue();
  if (!env.INGEST_SECRETS) env.INGEST_SECRETS = randomBytes(24).toString('hex');
  if (!env.ADMIN_PASSWORD) env.ADMIN_PASSWORD = randomBytes(12).toString('hex');
  if (demoSignIn === 'entra') {
    // An app registration of the dashboard's own in the simulated tenant, its redirect URIs on
    // the admin port; the password stays for scripts and the metrics.
    const adminUrl = `http://localhost:${env.ADMIN_PORT ?? '3001'}`;
    const clientId = randomUUID();
    const clientSecret = randomBytes(24).toString('base64url');
    simulator.registerApp({
      tenantId: simulator.tenantId,
      clientId,
      clientSecret,
      redirectUris: [`${adminUrl}/auth/callback`, `${adminUrl}/auth/signed-out`],
    });
    for (const name of [
      'ADMIN_OIDC_CLIENT_CERTIFICATE_PATH',
      'ADMIN_OIDC_OPERATOR_GROUPS',
      'ADMIN_OIDC_VIEWER_GROUPS',
    ])
      delete env[name];
    Object.assign(env, {
      ADMIN_OIDC_ISSUER: simulator.issuer,
      ADMIN_OIDC_CLIENT_ID: clientId,
      ADMIN_OIDC_CLIENT_SECRET: clientSecret,
      ADMIN_PUBLIC_URL: adminUrl,
    });
  } else {
    for (const name of Object.keys(env)) if (name.startsWith('ADMIN_OIDC_')) delete env[name];
  }
}

for (const dir of stopping ? [] : ['services/api', 'services/worker']) {
  const child = spawn(process.execPath, serviceNodeArgs(join(root, dir)), {
    cwd: join(root, dir),
    env,
    stdio: 'inherit',
    detached: true,
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${dir} exited (${signal ?? code}); stopping the others`);
    stopAll(code ?? 1);
  });
  services.push(child);
}

if (demo && !stopping) {
  const port = env.PORT ?? '3000';
  const secret = env.INGEST_SECRETS.split(',')[0].trim();
  console.log(`
Leadbridge is running against the local Dataverse simulator (no DATAVERSE_URL set).
Demo leads use the queue prefix ${DEMO_QUEUE_PREFIX}, emptied at each demo start.
The worker signs in with: ${demoCredential}${demoCredential === 'secret' ? ' (or run with --credential=managed-identity or --credential=workload-identity)' : ''}
  Ingest URL:   http://localhost:${port}/leads?code=${secret}
  Leads pages:  http://localhost:${env.ADMIN_PORT ?? '3001'}/leads  (queues: /queues; ${
    demoSignIn === 'entra'
      ? `sign in with the simulated Entra ID: ${simulator.testUsers.map((user) => user.username).join(', ')}, no password; your browser must accept the simulator's certificate, ${simulator.caCertPath}. Scripts: user ${env.ADMIN_USER ?? 'admin'}, password ${env.ADMIN_PASSWORD}`
      : `user ${env.ADMIN_USER ?? 'admin'}, password ${env.ADMIN_PASSWORD}; or run with --sign-in=entra`
  })
  Leads stored: curl -s --cacert ${simulator.caCertPath} ${simulator.url}/_simulator/leads
Send a lead:
  curl -i 'http://localhost:${port}/leads?code=${secret}' -H 'Content-Type: application/json' \\
    -d '{"UserDetails":{"FirstName":"Some","LastName":"One","Email":"someone@contoso.com"},"LeadSource":"AzureMarketplace","ActionCode":"INS","OfferTitle":"Test Microsoft"}'
`);
}
