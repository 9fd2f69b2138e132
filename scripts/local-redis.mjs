// Makes sure Redis answers where the services will look for it, before anything starts: says once,
// plainly, what is missing and how to get one, or, for the demo, starts a private redis-server
// under var/ when one is installed and nothing answers on this machine's address.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL as it may be shown: never its user name or password. */
function shown(url) {
  const parsed = new URL(url);
  if (parsed.username) parsed.username = '***';
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}

/** Undefined when Redis answers PING at `url`, otherwise the error that says why not. */
async function probe(root, url) {
  const require = createRequire(join(root, 'services', 'api', 'package.json'));
  const { Redis } = require('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // connect() rejects with a generic "closed" error; the 'error' event has the cause.
  let cause;
  client.on('error', (error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return cause ?? error;
  } finally {
    client.disconnect();
  }
}

function startRedisServer(dir, port, onStart) {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'],
    // Its own process group, like the services: the start script stops it last, after them.
    { stdio: 'ignore', detached: true },
  );
  return new Promise((resolve, reject) => {
    child.once('spawn', () => {
      onStart(child);
      resolve(child);
    });
    child.once('error', reject);
  });
}

async function answersWithin(root, url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await probe(root, url)) === undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function howToGetOne(url, configured) {
  return `Leadbridge needs Redis, and nothing answers at ${shown(url)} (${
    configured ? 'REDIS_URL' : 'the default; REDIS_URL is not set'
  }).
Get one, then run npm start again:
  - install it: apt-get install redis-server (Debian, Ubuntu), or brew install redis && brew services start redis (macOS)
  - or run it in a container: docker run -d --name leadbridge-redis -p 127.0.0.1:6379:6379 redis:7-alpine
  - or set REDIS_URL (in .env or the environment) to a Redis you already have
`;
}

/**
 * Resolves when Redis answers at `url`; otherwise prints what is missing and exits with 1. A
 * redis-server started for the demo is handed to `onStart` as soon as it runs, for the caller to
 * stop.
 */
export async function ensureRedis({ root, url, configured, demo, onStart }) {
  const error = await probe(root, url);
  if (error === undefined) return undefined;
  const { hostname, port } = new URL(url);
  if (error.code !== 'ECONNREFUSED') {
    process.stderr.write(
      `Leadbridge needs Redis, and the one at ${shown(url)} cannot be used: ${error.message}\n` +
        'Check REDIS_URL (and REDIS_PASSWORD) in .env or the environment.\n',
    );
    process.exit(1);
  }
  if (demo && LOCAL_HOSTS.has(hostname)) {
    const dir = join(root, 'var', 'redis', port || '6379');
    mkdirSync(dir, { recursive: true });
    const server = await startRedisServer(dir, port || '6379', onStart).catch(() => undefined);
    if (server && (await answersWithin(root, url, 10_000))) {
      console.log(
        `Nothing answered at ${shown(url)}, so the demo started a private redis-server on ` +
          `127.0.0.1:${port || '6379'} (data in ${relative(process.cwd(), dir) || dir}); it stops with Leadbridge.`,
      );
      return server;
    }
    server?.kill('SIGKILL');
  }
  process.stderr.write(howToGetOne(url, configured));
  process.exit(1);
}
