import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminApp, createEmailIndex, readOidcConfig } from '@leadbridge/api';
import { createLogger, envReader } from '@leadbridge/service-kit';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import { chromium, type Browser } from 'playwright-core';
import { Registry } from 'prom-client';
import { eventually, jobIn, startStack, type Stack } from './stack';

// Debian's Chromium, which .ci/run installs; playwright-core never downloads a browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_ID = '3c1d0b2a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CLIENT_SECRET = 'admin app secret for the browser test';

jest.setTimeout(60_000);

let stack: Stack;
let redis: Redis;
let server: Server;
let evil: Server;
let browser: Browser;
let adminUrl: string;
let evilUrl: string;

async function listen(each: Server): Promise<string> {
  await new Promise<void>((resolve) => each.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(each.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  stack = await startStack();
  redis = new Redis(testRedisUrl());
  server = createServer();
  adminUrl = await listen(server);
  stack.sim.registerApp({
    tenantId: stack.sim.tenantId,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`${adminUrl}/auth/callback`, `${adminUrl}/auth/signed-out`],
  });
  const oidc = readOidcConfig(
    envReader({
      ADMIN_OIDC_ISSUER: stack.sim.issuer,
      ADMIN_OIDC_CLIENT_ID: CLIENT_ID,
      ADMIN_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      ADMIN_PUBLIC_URL: adminUrl,
    }),
  );
  if (!oidc) throw new Error('no OIDC configuration');
  // Entra ID sign-in alone: no basic account to fall back on.
  const admin = createAdminApp({
    queue: stack.worker.queue,
    destinationQueues: [stack.deliveries],
    redis,
    oidc: { config: oidc, ca: stack.sim.caCertPem },
    readOnly: false,
    registry: new Registry(),
    emailIndex: createEmailIndex({ connection: redis, prefix: stack.prefix }),
    logger: createLogger({ service: 'api', stream: stack.logs }),
  });
  server.on('request', admin);
  // A page on another origin of the same host (so the Lax session cookie would go along) that
  // posts a form to the admin as soon as it loads.
  evil = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(
      `<form id="f" method="post" action="${adminUrl}/auth/sign-out"></form>` +
        '<script>document.getElementById("f").submit()</script>',
    );
  });
  evilUrl = await listen(evil);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  evil?.close();
  redis?.disconnect();
  await stack?.close();
});

describe('the queue dashboard in a browser signed in with Entra ID', () => {
  it('lets the operator sign in by picking their account, retry a failed lead, and logs who did it', async () => {
    stack.sim.faults.set({ denyPrivilege: true });
    const id = await stack.post(documentedExample);
    await jobIn(stack, id, 'failed');
    stack.sim.faults.reset();
    // The simulator's certificate is self-signed; the browser would ask a person to accept it.
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();

    await page.goto(`${adminUrl}/queues/queue/${stack.deliveries.name}?status=failed`);
    await page.getByText('operator@leadbridge.test').click();
    await page.getByText(id).first().waitFor();
    const retry = page
      .getByText(id)
      .first()
      .locator('xpath=ancestor::*[.//button][1]')
      .locator('button')
      .first();
    await retry.hover();
    await page.getByText('Retry', { exact: true }).waitFor();
    await retry.click();
    await page.getByText('Are you sure that you want to retry this job?').waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();

    await eventually(() => stack.sim.leads().some((record) => record.leadid === id), 15_000);
    const audit = stack.logs
      .entries()
      .filter((entry) => entry.audit === true && entry.action === 'retry');
    expect(audit).toEqual([
      expect.objectContaining({ leadId: id, queue: stack.deliveries.name, outcome: 204 }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(documentedExample.UserDetails.Email);
    await context.close();
  });

  it('refuses a form another site posts with the session, and the operator stays signed in', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${adminUrl}/auth/sign-in?login_hint=operator%40leadbridge.test`);
    const sessions = () => redis.keys(`${stack.prefix}:leadbridge:admin-session:*`);
    const before = await sessions();

    const forged = page.waitForResponse(
      (response) => response.url() === `${adminUrl}/auth/sign-out`,
    );
    await page.goto(evilUrl);

    expect((await forged).status()).toBe(403);
    expect(await sessions()).toEqual(before);
    expect(before.length).toBeGreaterThan(0);
    await context.close();
  });
});
