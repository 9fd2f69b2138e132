// Load generation and process helpers shared by the benchmarks.
import { fork } from 'node:child_process';
import autocannon from 'autocannon';

/** Starts a server script in a child process; resolves with its port once it listens. */
export function startServer(script, env) {
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
    execArgv: process.env.BENCH_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.on('message', (message) => {
      if (message?.ready) resolve({ child, port: message.ready });
    });
  });
}

export function stopServer(server) {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
  });
}

/** Peak RSS of a process in MB, read from /proc (Linux). */
export async function peakRssMb(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * Posts leads for `seconds`. Each request carries a different lead (the id is derived from the
 * content), so every request is a real new lead, not a duplicate.
 */
export function postLeads(url, { seconds, connections = 50, overallRate }) {
  let n = 0;
  return autocannon({
    url,
    method: 'POST',
    duration: seconds,
    connections,
    ...(overallRate ? { overallRate } : {}),
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            UserDetails: {
              FirstName: 'Bench',
              LastName: `Lead ${n}`,
              Email: `bench${n}@example.com`,
              Company: 'Contoso',
              Country: 'US',
            },
            LeadSource: 'AzureMarketplace-INS|contoso.widget',
            OfferTitle: 'Widget',
            Description: `benchmark lead ${n++} ${process.pid} ${Date.now()}`,
          }),
        }),
      },
    ],
  });
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
