import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LEAD_QUEUE } from '@leadbridge/lead-model';
import { freePort, startScriptArgs, testRedisUrl } from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import { documentedExample } from '@leadbridge/test-support';
import { startSimulator } from '@leadbridge/dataverse-simulator';
import { Browser } from './browser';
import { SECRET } from './harness';

// The built service, started the way `npm start -w services/api` and the container start it.
const START = startScriptArgs(join(__dirname, '..'));

function runMain(env: Record<string, string>) {
  return spawn(process.execPath, START, {
    env: { PATH: process.env.PATH, ...env },
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves once the process has printed a line holding `text`. */
function printed(child: ReturnType<typeof runMain>, text: string): Promise<void> {
  return new Promise((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes(text) && resolve()),
  );
}

/** What every process here needs: its port, the test Redis under a prefix, and the secret. */
function apiEnv(port: number, prefix: string): Record<string, string> {
  return {
    PORT: String(port),
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    INGEST_SECRETS: SECRET,
  };
}

/** POSTs the documented example lead with the right secret: its status and lead id. */
async function postLead(port: number): Promise<{ status: number; id: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/leads?code=${SECRET}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(documentedExample),
  });
  return { status: response.status, id: ((await response.json()) as { id: string }).id };
}

jest.setTimeout(60_000); // each test starts a real process, slower on a busy machine (CI runs several test files at once)

describe('the api process', () => {
  it('stops with one line naming the variable when INGEST_SECRETS is missing', async () => {
    const child = runMain({ REDIS_URL: testRedisUrl() });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/INGEST_SECRETS is required/);
  });

  it('stops naming the variable when a secret is too short', async () => {
    const child = runMain({ INGEST_SECRETS: 'short', REDIS_URL: testRedisUrl() });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.on('exit', resolve));

    expect(stderr).toMatch(/INGEST_SECRETS entry 1 is shorter than 32 characters/);
  });

  it('stops naming REDIS_URL, but never its password, when a password with #, / and @ breaks the URL', async () => {
    const password = 'p#ss/w@rd';
    const child = runMain({
      INGEST_SECRETS: SECRET,
      REDIS_URL: `redis://default:${password}@cache.internal:6379`,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));

    expect(code).toBe(1);
    expect(output).toMatch(
      /REDIS_URL must be a URL, got "redis:\/\/\[redacted\]@cache\.internal:6379"/,
    );
    for (const piece of [password, 'p#ss', 'w@rd', 'default:']) expect(output).not.toContain(piece);
  });

  it('takes a lead over HTTP, stores it in Redis, and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const prefix = `test-main-${port}`;
    const child = runMain(apiEnv(port, prefix));
    const queue = new Queue(LEAD_QUEUE, { connection: { url: testRedisUrl() }, prefix });
    try {
      await printed(child, 'api listening');
      const lead = await postLead(port);

      expect(lead.status).toBe(202);
      expect(await queue.getJob(lead.id)).toBeDefined();
      child.kill('SIGTERM');
      expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

describe('the api process with a viewer account', () => {
  it('lets the viewer set in the environment look, with personal data hidden, and change nothing', async () => {
    const [port, adminPort] = [await freePort(), await freePort()];
    const prefix = `test-viewer-${port}`;
    const child = runMain({
      ...apiEnv(port, prefix),
      ADMIN_PORT: String(adminPort),
      ADMIN_PASSWORD: 'operator passphrase for tests',
      ADMIN_VIEWER_USER: 'support',
      ADMIN_VIEWER_PASSWORD: 'viewer passphrase for tests',
    });
    const queue = new Queue(LEAD_QUEUE, { connection: { url: testRedisUrl() }, prefix });
    const asViewer = { Authorization: `Basic ${btoa('support:viewer passphrase for tests')}` };
    try {
      await printed(child, 'admin listening');
      const { id } = await postLead(port);
      const admin = `http://127.0.0.1:${adminPort}/queues/api/queues/${LEAD_QUEUE}`;

      const seen = await fetch(`${admin}/${id}`, { headers: asViewer });
      const removed = await fetch(`${admin}/${id}/clean`, { method: 'PUT', headers: asViewer });

      expect(seen.status).toBe(200);
      expect(await seen.text()).not.toContain(documentedExample.UserDetails.Email);
      expect(removed.status).toBe(403);
      expect(await queue.getJob(id)).toBeDefined();
    } finally {
      child.kill('SIGKILL');
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

describe('the api process with Microsoft Entra ID sign-in alone', () => {
  it('starts the admin listener without ADMIN_PASSWORD and signs the operator in', async () => {
    const sim = await startSimulator();
    const [port, adminPort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${adminPort}`;
    const clientSecret = 'admin app secret for the process test';
    sim.registerApp({
      tenantId: sim.tenantId,
      clientId: sim.clientId.replace(/^.{8}/, 'ad0000ad'),
      clientSecret,
      redirectUris: [`${url}/auth/callback`],
    });
    const child = runMain({
      ...apiEnv(port, `test-oidc-${port}`),
      ADMIN_PORT: String(adminPort),
      ADMIN_OIDC_ISSUER: sim.issuer,
      ADMIN_OIDC_CLIENT_ID: sim.clientId.replace(/^.{8}/, 'ad0000ad'),
      ADMIN_OIDC_CLIENT_SECRET: clientSecret,
      ADMIN_PUBLIC_URL: url,
      // The simulator's certificate, as the demo gives it: openid-client uses Node's fetch.
      NODE_EXTRA_CA_CERTS: sim.caCertPath,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await printed(child, 'admin listening');
      const browser = new Browser(sim.caCertPem);

      const landed = await browser.open(
        `${url}/auth/sign-in?login_hint=operator%40leadbridge.test&returnTo=%2Fqueues`,
      );
      const metrics = await browser.open(`${url}/metrics`, { headers: { accept: 'text/plain' } });

      expect(stdout).toMatch(/"message":"admin listening".*"signIn":"entra-id"/);
      expect(landed.status).toBe(200);
      expect(landed.url).toBe(`${url}/queues`);
      expect(metrics.status).toBe(200);
    } finally {
      child.kill('SIGKILL');
      await sim.close();
    }
  });
});

describe('the api process with a Redis that asks for a password', () => {
  it('queues a lead with REDIS_PASSWORD kept apart from REDIS_URL, and never logs it', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { startPrivateRedis } = await import('@leadbridge/test-support');
    const password = 'p@ss/w#rd%41 of the stack';
    const redis = await startPrivateRedis(undefined, { password });
    const port = await freePort();
    const prefix = 'test-redis-password';
    const child = runMain({
      PORT: String(port),
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      REDIS_PASSWORD: password,
      QUEUE_PREFIX: prefix,
      INGEST_SECRETS: SECRET,
      SPOOL_DIR: await mkdtemp(join(tmpdir(), 'spool-')),
      LOG_LEVEL: 'debug',
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const queue = new Queue(LEAD_QUEUE, { connection: { url: redis.url }, prefix });
    try {
      await new Promise<void>((resolve) =>
        child.stdout.on('data', () => output.includes('api listening') && resolve()),
      );
      const lead = await postLead(port);

      expect(lead.status).toBe(202);
      // Queued in Redis itself, not kept on disk for want of a connection.
      expect(await queue.getJob(lead.id)).toBeDefined();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
      expect(output).not.toContain(password);
      expect(output).not.toContain(encodeURIComponent(password));
    } finally {
      child.kill('SIGKILL');
      await queue.obliterate({ force: true });
      await queue.close();
      await redis.stop();
    }
  });
});

describe('the api process behind a proxy on its public port only', () => {
  /** Starts the api with an operator account, resolving the admin port once it listens. */
  async function startWithAdmin(env: Record<string, string>) {
    const [port, adminPort] = [await freePort(), await freePort()];
    const child = runMain({
      ...apiEnv(port, `test-proxy-${port}`),
      ADMIN_PORT: String(adminPort),
      ADMIN_PASSWORD: 'operator passphrase for tests',
      ...env,
    });
    await printed(child, 'admin listening');
    const signIn = (forwardedFor: string, password: string) =>
      fetch(`http://127.0.0.1:${adminPort}/queues`, {
        headers: {
          'X-Forwarded-For': forwardedFor,
          Authorization: `Basic ${btoa(`admin:${password}`)}`,
        },
      }).then((response) => response.status);
    return { child, signIn };
  }

  it('counts failed admin sign-ins per connection, whatever X-Forwarded-For says, without ADMIN_TRUST_PROXY', async () => {
    const { child, signIn } = await startWithAdmin({ TRUST_PROXY: 'true' });
    try {
      for (let n = 0; n < 20; n++) {
        expect(await signIn(`203.0.113.${n + 1}`, `guess-${n}`)).toBe(401);
      }

      expect(await signIn('198.51.100.2', 'guess-20')).toBe(429);
      expect(await signIn('198.51.100.3', 'operator passphrase for tests')).toBe(429);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('counts them per client address the admin proxy forwards with ADMIN_TRUST_PROXY', async () => {
    const { child, signIn } = await startWithAdmin({ ADMIN_TRUST_PROXY: 'loopback' });
    try {
      for (let n = 0; n <= 20; n++) await signIn('203.0.113.7', `guess-${n}`);

      expect(await signIn('203.0.113.7', 'operator passphrase for tests')).toBe(429);
      expect(await signIn('198.51.100.2', 'operator passphrase for tests')).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('the api process with Redis down', () => {
  it('spools leads, survives SIGKILL, and queues them all after a restart once Redis is back', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { startPrivateRedis } = await import('@leadbridge/test-support');
    let redis = await startPrivateRedis();
    await redis.stop();
    const port = await freePort();
    const env = {
      PORT: String(port),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'test-spool-process',
      INGEST_SECRETS: SECRET,
      SPOOL_DIR: await mkdtemp(join(tmpdir(), 'spool-')),
    };
    const listening = (child: ReturnType<typeof runMain>) =>
      new Promise<void>((resolve) =>
        child.stdout.on(
          'data',
          (chunk: Buffer) => chunk.toString().includes('api listening') && resolve(),
        ),
      );

    const first = runMain(env);
    await listening(first);
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) {
      const response = await fetch(`http://127.0.0.1:${port}/leads?code=${SECRET}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...documentedExample, Description: `while Redis is down ${n}` }),
      });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as { id: string }).id);
    }
    first.kill('SIGKILL');
    await new Promise((resolve) => first.on('exit', resolve));

    redis = await startPrivateRedis(redis.port);
    const second = runMain(env);
    const queue = new Queue(LEAD_QUEUE, {
      connection: { url: redis.url },
      prefix: env.QUEUE_PREFIX,
    });
    try {
      await listening(second);
      const deadline = Date.now() + 15_000;
      let counts = await queue.getJobCounts('waiting');
      while ((counts.waiting ?? 0) < ids.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        counts = await queue.getJobCounts('waiting');
      }
      const queued = await Promise.all(ids.map((id) => queue.getJob(id)));
      expect(queued.every((job) => job !== undefined)).toBe(true);
      expect(counts.waiting).toBe(ids.length);
    } finally {
      second.kill('SIGKILL');
      await queue.close();
      await redis.stop();
    }
  }, 40_000);
});
