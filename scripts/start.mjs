// Starts every Leadbridge service from its build (`npm start` builds first), with the environment
// as given and `.env`. Without DATAVERSE_URL (or with --demo) it also starts the local Dataverse
// simulator and points the worker at it, so a fresh checkout runs end to end with no tenant.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceNodeArgs } from './service-command.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));
const env = { ...process.env };
const demo = process.argv.includes('--demo') || !env.DATAVERSE_URL;

const DEMO_QUEUE_PREFIX = 'leadbridge-demo';

async function clearDemoQueue(redisUrl) {
  const require = createRequire(join(root, 'services', 'api', 'package.json'));
  const { Queue } = require('bullmq');
  const { LEAD_QUEUE } = require('@leadbridge/lead-model');
  const queue = new Queue(LEAD_QUEUE, { connection: { url: redisUrl }, prefix: DEMO_QUEUE_PREFIX });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}

let simulator;
if (demo) {
  const { startSimulator } = await import(
    join(root, 'packages', 'dataverse-simulator', 'dist', 'index.js')
  );
  simulator = await startSimulator({
    port: Number(env.SIMULATOR_PORT ?? 8443),
    certDir: join(root, 'var', 'simulator'),
  });
  Object.assign(env, simulator.env());
  // The simulator forgets its records when it stops, so the demo keeps its queue apart and
  // empties it at each start: a lead sent again must reach this simulator, not be answered
  // "duplicate" because an earlier demo's simulator had it.
  env.QUEUE_PREFIX = DEMO_QUEUE_PREFIX;
  await clearDemoQueue(env.REDIS_URL || 'redis://127.0.0.1:6379');
  if (!env.INGEST_SECRETS) env.INGEST_SECRETS = randomBytes(24).toString('hex');
  if (!env.ADMIN_PASSWORD) env.ADMIN_PASSWORD = randomBytes(12).toString('hex');
}

const children = ['services/api', 'services/worker'].map((dir) => {
  const child = spawn(process.execPath, serviceNodeArgs(join(root, dir)), {
    cwd: join(root, dir),
    env,
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${dir} exited (${signal ?? code}); stopping the others`);
    stopAll(code ?? 1);
  });
  return child;
});

if (demo) {
  const port = env.PORT ?? '3000';
  const secret = env.INGEST_SECRETS.split(',')[0].trim();
  console.log(`
Leadbridge is running against the local Dataverse simulator (no DATAVERSE_URL set).
Demo leads use the queue prefix ${DEMO_QUEUE_PREFIX}, emptied at each demo start.
  Ingest URL:   http://localhost:${port}/leads?code=${secret}
  Dashboard:    http://localhost:${env.ADMIN_PORT ?? '3001'}/queues  (user ${env.ADMIN_USER ?? 'admin'}, password ${env.ADMIN_PASSWORD})
  Leads stored: curl -s --cacert ${simulator.caCertPath} ${simulator.url}/_simulator/leads
Send a lead:
  curl -i 'http://localhost:${port}/leads?code=${secret}' -H 'Content-Type: application/json' \\
    -d '{"UserDetails":{"FirstName":"Some","LastName":"One","Email":"someone@contoso.com"},"LeadSource":"AzureMarketplace","ActionCode":"INS","OfferTitle":"Test Microsoft"}'
`);
}

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 30_000).unref();
  Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve))),
    ),
  )
    .then(() => simulator?.close())
    .then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
