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

/**
 * Undefined when Redis answers PING as the services will reach it (`settings`, as
 * readRedisSettings read them: a URL, sentinels or cluster nodes, TLS), otherwise the error that
 * says why not.
 */
async function probe(root, settings) {
  const require = createRequire(join(root, 'services', 'api', 'package.json'));
  const { createProducerConnection } = require('@leadbridge/service-kit');
  const client = createProducerConnection(settings);
  try {
    // A connection keeps retrying on its own: its first error is the answer, or 'ready' is.
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(new Error('no answer within 3 s')), 3_000);
      client.once('error', (error) => {
        clearTimeout(timer);
        resolve(error);
      });
      client.once('ready', () => {
        clearTimeout(timer);
        client.ping().then(
          () => resolve(undefined),
          (error) => resolve(error),
        );
      });
    });
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

async function answersWithin(root, settings, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await probe(root, settings)) === undefined) return true;
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
 * Resolves when Redis answers as `settings` (readRedisSettings) describe it; otherwise prints what
 * is missing and exits with 1. Only for one local Redis at a URL does the demo start a
 * redis-server itself, handed to `onStart` as soon as it runs, for the caller to stop.
 */
export async function ensureRedis({ root, settings, configured, demo, onStart }) {
  const error = await probe(root, settings);
  if (error === undefined) return undefined;
  const require = createRequire(join(root, 'services', 'api', 'package.json'));
  const { describeRedis, redisProblem } = require('@leadbridge/service-kit');
  if (settings.mode !== 'standalone' || error.code !== 'ECONNREFUSED') {
    const problem = redisProblem(error);
    process.stderr.write(
      `Leadbridge needs Redis, and ${describeRedis(settings)} cannot be used: ${error.message}\n` +
        (problem ? `${problem}.\n` : '') +
        'Check the REDIS_* settings in .env or the environment (README, section Redis).\n',
    );
    process.exit(1);
  }
  const url = settings.url;
  const { hostname, port } = new URL(url);
  if (demo && LOCAL_HOSTS.has(hostname)) {
    const dir = join(root, 'var', 'redis', port || '6379');
    mkdirSync(dir, { recursive: true });
    const server = await startRedisServer(dir, port || '6379', onStart).catch(() => undefined);
    if (server && (await answersWithin(root, settings, 10_000))) {
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
