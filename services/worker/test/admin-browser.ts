import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminApp, createEmailIndex, readOidcConfig, type AdminDeps } from '@leadbridge/api';
import { createLeadActivityReader, recordOperatorAction } from '@leadbridge/lead-activity';
import { createLogger, envReader } from '@leadbridge/service-kit';
import { testRedisUrl } from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Registry } from 'prom-client';
import type { Stack } from './stack';

// Debian's Chromium, which .ci/run installs; playwright-core never downloads a browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLIENT_ID = '3c1d0b2a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CLIENT_SECRET = 'admin app secret for the browser test';

/** A headless Chromium, the machine's own: tests that need one fail with how to get it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
}

/** Listens on a free port of 127.0.0.1; resolves with the server's base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface AdminUnderTest {
  url: string;
  redis: Redis;
  close(): Promise<void>;
}

export interface AdminOptions {
  /** Sign in with the simulator's Entra ID: the admin app registered there, no basic account. */
  entra?: boolean;
  /** Basic-auth accounts beside (or instead of) Entra ID. */
  accounts?: Pick<AdminDeps, 'credentials' | 'viewer'>;
  /** The leads pages read the worker's activity in the stack's Redis, and record Retry/Replay. */
  activity?: boolean;
  /** The key the stack indexes e-mail addresses with (`StackOptions.lookupHashKey`). */
  lookupHashKey?: string;
}

/**
 * The admin listener over the stack's queues, as services/api's main.ts wires it, on a real port
 * (the Entra ID redirect URIs name it, so the port is known before the app is made).
 */
export async function startAdmin(stack: Stack, options: AdminOptions): Promise<AdminUnderTest> {
  const redis = new Redis(testRedisUrl());
  const server = createServer();
  const url = await listen(server);
  let oidc: AdminDeps['oidc'];
  if (options.entra) {
    stack.sim.registerApp({
      tenantId: stack.sim.tenantId,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${url}/auth/callback`, `${url}/auth/signed-out`],
    });
    const config = readOidcConfig(
      envReader({
        ADMIN_OIDC_ISSUER: stack.sim.issuer,
        ADMIN_OIDC_CLIENT_ID: CLIENT_ID,
        ADMIN_OIDC_CLIENT_SECRET: CLIENT_SECRET,
        ADMIN_PUBLIC_URL: url,
      }),
    );
    if (!config) throw new Error('no OIDC configuration');
    oidc = { config, ca: stack.sim.caCertPem };
  }
  const store = { connection: redis, prefix: stack.prefix };
  const admin = createAdminApp({
    queue: stack.worker.queue,
    destinationQueues: [stack.deliveries],
    redis,
    ...options.accounts,
    ...(oidc ? { oidc } : {}),
    readOnly: false,
    registry: new Registry(),
    emailIndex: createEmailIndex({
      ...store,
      ...(options.lookupHashKey !== undefined ? { key: options.lookupHashKey } : {}),
    }),
    ...(options.activity
      ? {
          activity: createLeadActivityReader(store),
          onLeadAction: async ({ leadId, kind, destination, by, at }) => {
            const action = { kind, by, ...(destination !== undefined ? { destination } : {}) };
            await recordOperatorAction(store, leadId, action, new Date(at));
          },
        }
      : {}),
    logger: createLogger({ service: 'api', stream: stack.logs }),
  });
  server.on('request', admin);
  return {
    url,
    redis,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

/** The simulator's test users, one per admin role and one with none. */
export const ENTRA_USERS = {
  operator: 'operator@leadbridge.test',
  viewer: 'viewer@leadbridge.test',
  nobody: 'nobody@leadbridge.test',
} as const;

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser asked for in this context, redirects' targets included. */
  requested: string[];
}

/**
 * A fresh browser context signed in to the admin listener through the simulator's Entra ID, the
 * way a person does it: open a page, pick the account on the simulator's sign-in page.
 */
export async function signInAs(
  browser: Browser,
  adminUrl: string,
  username: string,
  path = '/leads',
): Promise<SignedIn> {
  // The simulator's certificate is self-signed; the browser would ask a person to accept it.
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
  });
  const requested: string[] = [];
  context.on('request', (request) => requested.push(request.url()));
  const page = await context.newPage();
  await page.goto(`${adminUrl}${path}`);
  await page.getByText(username).click();
  // Back on the admin listener: the page asked for, or the one saying the user has no role.
  await page.waitForURL((url) => url.origin === adminUrl);
  return { context, page, requested };
}
