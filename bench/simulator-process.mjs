// The Dataverse simulator as a separate process, driven through its admin API.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export /**
 * The simulator in a process of its own, as in a deployment, so it does not share the worker's
 * event loop; its CLI prints the environment a worker needs.
 */
async function startSimulatorProcess() {
  const certDir = await mkdtemp(join(tmpdir(), 'bench-simulator-'));
  const child = spawn(
    process.execPath,
    [require.resolve('@leadbridge/dataverse-simulator/dist/simulator-cli.js')],
    {
      env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_CERT_DIR: certDir },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const env = {};
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      for (const line of text.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
      }
      if (env.NODE_EXTRA_CA_CERTS) resolve();
    });
  });
  const ca = await readFile(env.NODE_EXTRA_CA_CERTS, 'utf8');
  const https = await import('node:https');
  const agent = new https.Agent({ ca, keepAlive: true });
  const stats = () =>
    new Promise((resolve, reject) => {
      https
        .get(`${env.DATAVERSE_URL}/_simulator/stats`, { agent }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve(JSON.parse(body)));
        })
        .on('error', reject);
    });
  const setFaults = (faults) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(faults);
      const request = https.request(
        `${env.DATAVERSE_URL}/_simulator/faults`,
        {
          method: 'PUT',
          agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 200
              ? resolve()
              : reject(new Error(`faults: ${response.statusCode}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  // The records the simulator holds, and a way to empty it between runs that count them.
  const leadCount = () =>
    new Promise((resolve, reject) => {
      https
        .get(`${env.DATAVERSE_URL}/_simulator/leads`, { agent }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve(JSON.parse(body).value.length));
        })
        .on('error', reject);
    });
  const clearLeads = () =>
    new Promise((resolve, reject) => {
      https
        .request(
          `${env.DATAVERSE_URL}/_simulator/leads`,
          { method: 'DELETE', agent },
          (response) => {
            response.resume();
            response.on('end', () =>
              response.statusCode === 204
                ? resolve()
                : reject(new Error(`clearing leads: ${response.statusCode}`)),
            );
          },
        )
        .on('error', reject)
        .end();
    });
  return {
    env,
    ca,
    stats,
    setFaults,
    leadCount,
    clearLeads,
    stop() {
      child.removeAllListeners('exit');
      agent.destroy();
      child.kill('SIGTERM');
    },
  };
}
