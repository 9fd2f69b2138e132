import { createServer, type Server } from 'node:http';
import { documentedExample } from '@leadbridge/test-support';
import type { Browser } from 'playwright-core';
import { launchBrowser, listen, startAdmin, type AdminUnderTest } from './admin-browser';
import { eventually, jobIn, startStack, type Stack } from './stack';

jest.setTimeout(60_000);

let stack: Stack;
let admin: AdminUnderTest;
let evil: Server;
let browser: Browser;
let adminUrl: string;
let evilUrl: string;

beforeAll(async () => {
  stack = await startStack();
  // Entra ID sign-in alone: no basic account to fall back on.
  admin = await startAdmin(stack, { entra: true });
  adminUrl = admin.url;
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
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await admin?.close();
  evil?.close();
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
    const sessions = () => admin.redis.keys(`${stack.prefix}:leadbridge:admin-session:*`);
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
