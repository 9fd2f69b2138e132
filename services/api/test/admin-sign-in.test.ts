import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_TEST_USERS,
  startSimulator,
  type Simulator,
} from '@leadbridge/dataverse-simulator';
import { destinationQueueName, LEAD_QUEUE } from '@leadbridge/lead-model';
import { envReader } from '@leadbridge/service-kit';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import type { AdminOidcDeps } from '../src/admin/admin-app';
import { readOidcConfig } from '../src/admin/oidc-config';
import { Browser, type Page } from './browser';
import { ADMIN, startApi, type ApiUnderTest } from './harness';

const OPERATOR = 'operator@leadbridge.test';
const VIEWER = 'viewer@leadbridge.test';
const NO_ROLE = 'nobody@leadbridge.test';
const BOTH = 'both@leadbridge.test';
const GROUPED = 'grouped@leadbridge.test';
const VIEWER_GROUP = '5f0c8a1e-2b3d-4c5e-8f90-a1b2c3d4e5f6';

let sim: Simulator;
let redis: Redis;

beforeAll(async () => {
  sim = await startSimulator({
    testUsers: [
      ...DEFAULT_TEST_USERS,
      { username: BOTH, name: 'Bo Both', roles: ['Leadbridge.Viewer', 'Leadbridge.Operator'] },
      { username: GROUPED, name: 'Gina Group', groups: [VIEWER_GROUP] },
    ],
  });
  redis = new Redis(testRedisUrl());
});

afterAll(async () => {
  redis.disconnect();
  await sim.close();
});

interface Admin {
  api: ApiUnderTest;
  url: string;
  browser: Browser;
  /** Signs `user` in through the simulated Entra ID; answers the page landed on. */
  signIn(user: string, returnTo?: string): Promise<Page>;
  /** The session's form token, from a request the session makes. */
  sessionKeys(): Promise<string[]>;
  close(): Promise<void>;
}

const admins: Admin[] = [];
afterEach(async () => {
  await Promise.all(admins.splice(0).map((admin) => admin.close()));
});

/**
 * The admin listener on a real port, signing in with its own app registration in the simulator
 * (redirect URIs registered there), basic auth beside it, sessions in the test Redis.
 */
async function startAdmin(
  options: { readOnly?: boolean; oidc?: Partial<AdminOidcDeps>; certificateFile?: string } = {},
): Promise<Admin> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = randomUUID();
  const clientSecret = randomBytes(24).toString('base64url');
  const certificate = options.certificateFile;
  sim.registerApp({
    tenantId: sim.tenantId,
    clientId,
    ...(certificate ? { certificatePem: await readFile(certificate, 'utf8') } : { clientSecret }),
    redirectUris: [`${url}/auth/callback`, `${url}/auth/signed-out`],
  });
  const config = readOidcConfig(
    envReader({
      ADMIN_OIDC_ISSUER: sim.issuer,
      ADMIN_OIDC_CLIENT_ID: clientId,
      ...(certificate
        ? { ADMIN_OIDC_CLIENT_CERTIFICATE_PATH: certificate }
        : { ADMIN_OIDC_CLIENT_SECRET: clientSecret }),
      ADMIN_PUBLIC_URL: url,
      ADMIN_OIDC_VIEWER_GROUPS: VIEWER_GROUP,
    }),
  );
  if (!config) throw new Error('no OIDC configuration');
  const api = startApi(undefined, {
    readOnly: options.readOnly ?? false,
    admin: { oidc: { config, ca: sim.caCertPem, ...options.oidc } },
  });
  server.on('request', api.admin);
  const browser = new Browser(sim.caCertPem);
  const admin: Admin = {
    api,
    url,
    browser,
    signIn: (user, returnTo = '/queues') =>
      browser.open(
        `${url}/auth/sign-in?login_hint=${encodeURIComponent(user)}&returnTo=${encodeURIComponent(returnTo)}`,
      ),
    sessionKeys: () => redis.keys(`${api.prefix}:leadbridge:admin-session:*`),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
    },
  };
  admins.push(admin);
  return admin;
}

const json = (page: Page) => JSON.parse(page.text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are asserted field by field

/** The form token the signed-in session's pages are given (`res.locals.csrfToken`). */
async function formToken(admin: Admin): Promise<string> {
  // The token is the session's; no page shows it yet, so it is read where the server keeps it.
  const [key] = await admin.sessionKeys();
  const stored = key ? await redis.get(key) : null;
  return (JSON.parse(stored ?? '{}') as { csrfToken?: string }).csrfToken ?? '';
}

describe('signing in to the admin with Microsoft Entra ID', () => {
  it('sends a browser without a session to Entra ID, and back to the page it asked for once signed in', async () => {
    const admin = await startAdmin();

    const picker = await admin.browser.open(`${admin.url}/queues`);
    const link = /href="([^"]*login_hint=operator%40leadbridge\.test[^"]*)"/.exec(picker.text)?.[1];
    const landed = await admin.browser.open((link ?? '').replace(/&amp;/g, '&'));

    expect(picker.url.startsWith(`${sim.url}/${sim.tenantId}/oauth2/v2.0/authorize`)).toBe(true);
    expect(landed.status).toBe(200);
    expect(landed.url).toBe(`${admin.url}/queues`);
    expect(landed.text).toContain('Leadbridge');
    expect(await admin.sessionKeys()).toHaveLength(1);
  });

  it('signs in with a certificate instead of a secret (ADMIN_OIDC_CLIENT_CERTIFICATE_PATH)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'admin-oidc-'));
    try {
      await promisify(execFile)('openssl', [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
        ...['-subj', '/CN=leadbridge-admin'],
      ]);
      const pem = join(dir, 'admin.pem');
      const parts = await Promise.all(
        ['key.pem', 'cert.pem'].map((f) => readFile(join(dir, f), 'utf8')),
      );
      await writeFile(pem, parts.join(''));
      const admin = await startAdmin({ certificateFile: pem });

      const landed = await admin.signIn(OPERATOR);

      expect(landed.status).toBe(200);
      expect(landed.url).toBe(`${admin.url}/queues`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives the operator the full dashboard and the e-mail search', async () => {
    const admin = await startAdmin();
    await admin.signIn(OPERATOR);

    const board = await admin.browser.open(`${admin.url}/queues/api/queues`);
    const search = await admin.browser.open(`${admin.url}/api/leads?email=a@example.com`);

    expect(board.status).toBe(200);
    expect(json(board).queues[0]).toMatchObject({ readOnlyMode: false });
    expect(search.status).toBe(200);
  });

  it('gives the viewer a read-only dashboard with personal data hidden, and no e-mail search', async () => {
    const admin = await startAdmin();
    await admin.api.queue.add('lead', documentedExample as never, { jobId: randomUUID() });
    await admin.signIn(VIEWER);

    const board = await admin.browser.open(
      `${admin.url}/queues/api/queues?activeQueue=${LEAD_QUEUE}&status=waiting`,
    );
    const search = await admin.browser.open(`${admin.url}/api/leads?email=a@example.com`);

    const leads = json(board).queues.find((queue: { name: string }) => queue.name === LEAD_QUEUE);
    expect(leads).toMatchObject({ readOnlyMode: true });
    expect(JSON.stringify(leads.jobs)).toContain('[hidden from viewers]');
    expect(JSON.stringify(leads.jobs)).not.toContain(documentedExample.UserDetails.Email);
    expect(search.status).toBe(403);
    expect(json(search).error.code).toBe('OPERATOR_ONLY');
  });

  it("refuses the viewer's changes, with the form token and from the admin's own origin", async () => {
    const admin = await startAdmin();
    await admin.signIn(VIEWER);

    const retry = await admin.browser.open(
      `${admin.url}/queues/api/queues/${LEAD_QUEUE}/retry/failed`,
      { method: 'PUT', headers: { origin: admin.url, 'x-csrf-token': await formToken(admin) } },
    );

    expect(retry.status).toBe(403);
    expect(json(retry).error.code).toBe('READ_ONLY');
  });

  it('makes someone with both app roles an operator', async () => {
    const admin = await startAdmin();
    await admin.signIn(BOTH);

    const search = await admin.browser.open(`${admin.url}/api/leads?email=a@example.com`);

    expect(search.status).toBe(200);
  });

  it('makes a member of a viewer group (ADMIN_OIDC_VIEWER_GROUPS) a viewer', async () => {
    const admin = await startAdmin();
    const landed = await admin.signIn(GROUPED);

    const search = await admin.browser.open(`${admin.url}/api/leads?email=a@example.com`);

    expect(landed.status).toBe(200);
    expect(search.status).toBe(403);
  });

  it('keeps the operator read-only under ADMIN_READ_ONLY', async () => {
    const admin = await startAdmin({ readOnly: true });
    await admin.signIn(OPERATOR);

    const retry = await admin.browser.open(
      `${admin.url}/queues/api/queues/${LEAD_QUEUE}/retry/failed`,
      { method: 'PUT', headers: { origin: admin.url } },
    );

    expect(retry.status).toBe(403);
    expect(json(retry).error.code).toBe('READ_ONLY');
  });

  it('refuses someone with no admin role with a page naming the roles to ask for, and no session', async () => {
    const admin = await startAdmin();

    const page = await admin.signIn(NO_ROLE);

    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Leadbridge.Viewer');
    expect(page.text).toContain('Leadbridge.Operator');
    expect(page.text).toContain('ask your administrator'.replace('ask', 'Ask'));
    expect(page.text).toContain('action="/auth/sign-out"');
    expect(await admin.sessionKeys()).toEqual([]);
  });

  it('refuses an answer whose state was tampered with, and signs no one in', async () => {
    const admin = await startAdmin();
    const toEntra = await admin.browser.open(
      `${admin.url}/auth/sign-in?login_hint=${encodeURIComponent(OPERATOR)}`,
      { follow: false },
    );
    const atEntra = await admin.browser.open(toEntra.headers.location ?? '', { follow: false });
    const back = new URL(atEntra.headers.location ?? '');
    back.searchParams.set('state', `${back.searchParams.get('state')}x`);

    const page = await admin.browser.open(back.href);

    expect(page.status).toBe(400);
    expect(page.text).toContain('Sign-in did not complete');
    expect(await admin.sessionKeys()).toEqual([]);
  });

  it('goes back only to a path on the admin after signing in, never to another site', async () => {
    const admin = await startAdmin();

    const landed = await admin.signIn(OPERATOR, '//evil.example/queues');

    // The admin's own start page, where `/` leads.
    expect(landed.url).toBe(`${admin.url}/leads`);
  });

  it('ends a session at its lifetime, and Redis forgets it', async () => {
    const admin = await startAdmin({ oidc: { lifetimeMs: 1_500 } });
    await admin.signIn(OPERATOR);
    expect((await admin.browser.open(`${admin.url}/api/leads/x`)).status).toBe(404);

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await admin.browser.open(`${admin.url}/api/leads/x`, {
      headers: { accept: 'application/json' },
    });

    expect(after.status).toBe(401);
    expect(await admin.sessionKeys()).toEqual([]);
  });

  it('ends a session left unused for its idle time, while one in use goes on', async () => {
    const admin = await startAdmin({ oidc: { idleMs: 1_500 } });
    await admin.signIn(OPERATOR);
    const lookup = () =>
      admin.browser.open(`${admin.url}/api/leads/x`, { headers: { accept: 'application/json' } });

    for (let n = 0; n < 4; n++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await lookup()).status).toBe(404);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_700));

    expect((await lookup()).status).toBe(401);
  });

  it('signs out: the session is gone from Redis, Entra ID signs out too, and the cookie no longer works', async () => {
    const admin = await startAdmin();
    await admin.signIn(OPERATOR);
    const cookie = admin.browser.cookie(admin.url, 'leadbridge-admin') ?? '';

    const out = await admin.browser.open(`${admin.url}/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: admin.url },
      body: `_csrf=${await formToken(admin)}`,
    });
    admin.browser.setCookie(admin.url, 'leadbridge-admin', cookie);
    const replayed = await admin.browser.open(`${admin.url}/api/leads/x`, {
      headers: { accept: 'application/json' },
    });

    expect(
      out.visited.some((url) => url.startsWith(`${sim.url}/${sim.tenantId}/oauth2/v2.0/logout`)),
    ).toBe(true);
    expect(out.url).toBe(`${admin.url}/auth/signed-out`);
    expect(out.status).toBe(200);
    expect(await admin.sessionKeys()).toEqual([]);
    expect(replayed.status).toBe(401);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const admin = await startAdmin();
    const toEntra = await admin.browser.open(
      `${admin.url}/auth/sign-in?login_hint=${encodeURIComponent(OPERATOR)}`,
      { follow: false },
    );
    const atEntra = await admin.browser.open(toEntra.headers.location ?? '', { follow: false });

    const callback = await admin.browser.open(atEntra.headers.location ?? '', { follow: false });

    const session = (callback.headers['set-cookie'] ?? []).find((line) =>
      line.startsWith('leadbridge-admin='),
    );
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Max-Age=28800/);
  });

  it('answers 503 when Entra ID cannot be reached, while basic auth still works', async () => {
    const admin = await startAdmin();
    const config = readOidcConfig(
      envReader({
        ADMIN_OIDC_ISSUER: 'https://127.0.0.1:1/unreachable/v2.0',
        ADMIN_OIDC_CLIENT_ID: 'c1',
        ADMIN_OIDC_CLIENT_SECRET: 's1',
        ADMIN_PUBLIC_URL: admin.url,
      }),
    );
    const offline = startApi(undefined, { admin: { oidc: { config: config! } } });
    const basic = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;
    try {
      const signIn = await request(offline.admin).get('/auth/sign-in');
      const metrics = await request(offline.admin).get('/metrics').set('Authorization', basic);

      expect(signIn.status).toBe(503);
      expect(signIn.body.error.code).toBe('SIGN_IN_UNAVAILABLE');
      expect(metrics.status).toBe(200);
    } finally {
      await offline.close();
    }
  });

  it('still lets scripts and Prometheus in with basic auth beside Entra ID, and asks others for it', async () => {
    const admin = await startAdmin();
    const basic = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;

    const metrics = await admin.browser.open(`${admin.url}/metrics`, {
      headers: { authorization: basic, accept: 'text/plain' },
    });
    const anonymous = await admin.browser.open(`${admin.url}/metrics`, {
      headers: { accept: 'text/plain' },
    });

    expect(metrics.status).toBe(200);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
  });
});

describe('cross-site request forgery on the admin listener', () => {
  it('refuses a change from another site, even with a valid session and token', async () => {
    const admin = await startAdmin();
    await admin.signIn(OPERATOR);

    const forged = await admin.browser.open(`${admin.url}/auth/sign-out`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: `_csrf=${await formToken(admin)}`,
      follow: false,
    });

    expect(forged.status).toBe(403);
    expect(json(forged).error.code).toBe('CROSS_SITE_REQUEST');
    expect(await admin.sessionKeys()).toHaveLength(1);
  });

  it('accepts the pages’ own form, which a browser posts with Origin: null under no-referrer', async () => {
    const admin = await startAdmin();
    await admin.signIn(OPERATOR);

    const signedOut = await admin.browser.open(`${admin.url}/auth/sign-out`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // What Chromium sends for a form on a page served with Referrer-Policy: no-referrer.
        origin: 'null',
        'sec-fetch-site': 'same-origin',
      },
      body: `_csrf=${await formToken(admin)}`,
      follow: false,
    });

    expect(signedOut.status).toBe(303);
    expect(await admin.sessionKeys()).toHaveLength(0);
  });

  it('refuses a form from a browser that sends Origin: null and no Sec-Fetch-Site', async () => {
    const admin = await startAdmin();
    await admin.signIn(OPERATOR);

    const forged = await admin.browser.open(`${admin.url}/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
      body: `_csrf=${await formToken(admin)}`,
      follow: false,
    });

    expect(forged.status).toBe(403);
    expect(json(forged).error.code).toBe('CROSS_SITE_REQUEST');
  });

  it('refuses a change a browser marks cross-site (Sec-Fetch-Site), even with basic auth', async () => {
    const admin = await startAdmin();
    const basic = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;

    const forged = await admin.browser.open(
      `${admin.url}/queues/api/queues/${LEAD_QUEUE}/retry/failed`,
      { method: 'PUT', headers: { authorization: basic, 'sec-fetch-site': 'cross-site' } },
    );

    expect(forged.status).toBe(403);
    expect(json(forged).error.code).toBe('CROSS_SITE_REQUEST');
  });

  it("refuses a session's form post without the form token, and accepts it with the token", async () => {
    const admin = await startAdmin();
    await admin.signIn(OPERATOR);
    const post = (body: string) =>
      admin.browser.open(`${admin.url}/auth/sign-out`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: admin.url },
        body,
        follow: false,
      });

    const without = await post('');
    const wrong = await post('_csrf=not-the-token');
    const kept = await admin.sessionKeys();
    const right = await post(`_csrf=${await formToken(admin)}`);

    expect(without.status).toBe(403);
    expect(json(without).error.code).toBe('CSRF_TOKEN_MISSING');
    expect(wrong.status).toBe(403);
    expect(kept).toHaveLength(1);
    expect(right.status).toBe(303);
  });

  it("lets Bull Board's own same-origin calls through without the token, but not a call that does not say where it comes from", async () => {
    const admin = await startAdmin();
    await admin.signIn(OPERATOR);
    const pause = (headers: Record<string, string>) =>
      admin.browser.open(`${admin.url}/queues/api/queues/${LEAD_QUEUE}/pause`, {
        method: 'PUT',
        headers: { accept: 'application/json', ...headers },
      });

    const unmarked = await pause({});
    const fromBoard = await pause({ origin: admin.url, 'sec-fetch-site': 'same-origin' });

    expect(unmarked.status).toBe(403);
    expect(json(unmarked).error.code).toBe('CSRF_TOKEN_MISSING');
    expect(fromBoard.status).toBe(200);
    expect(await admin.api.queue.isPaused()).toBe(true);
  });
});

describe('the audit log of changes made in the dashboard', () => {
  it("writes one line for the operator's retry, with who and which lead, and no personal data", async () => {
    const admin = await startAdmin();
    const name = destinationQueueName('dynamics');
    const leadId = randomUUID();
    const deliveries = new Queue(name, {
      connection: { url: testRedisUrl() },
      prefix: admin.api.prefix,
    });
    await deliveries.add('deliver', { lead: documentedExample }, { jobId: leadId });
    const worker = new Worker(
      name,
      async () => {
        throw new Error('refused by the destination');
      },
      { connection: { url: testRedisUrl() }, prefix: admin.api.prefix },
    );
    await new Promise((resolve) => worker.once('failed', resolve));
    await worker.close();
    await admin.signIn(OPERATOR);

    const retry = await admin.browser.open(
      `${admin.url}/queues/api/queues/${name}/${leadId}/retry`,
      {
        method: 'PUT',
        headers: { origin: admin.url, 'sec-fetch-site': 'same-origin', accept: 'application/json' },
      },
    );

    expect(retry.status).toBe(204);
    const audit = admin.api.logs
      .entries()
      .filter((entry) => entry.audit === true && entry.action === 'retry');
    expect(audit).toEqual([
      expect.objectContaining({
        level: 'info',
        audit: true,
        actorId: sim.testUsers[0]?.objectId,
        action: 'retry',
        leadId,
        queue: name,
        destination: 'dynamics',
        outcome: 204,
      }),
    ]);
    expect(audit[0]).toHaveProperty('actor');
    const line = JSON.stringify(audit[0]);
    expect(line).not.toContain(documentedExample.UserDetails.Email);
    expect(line).not.toContain(documentedExample.UserDetails.LastName);
    await deliveries.obliterate({ force: true });
    await deliveries.close();
  });
});
