import { documentedExample } from '@leadbridge/test-support';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startAdmin, type AdminUnderTest } from './admin-browser';
import { eventually, jobIn, startStack, type Stack } from './stack';

const ADMIN = { user: 'ops', password: 'dashboard-password-for-tests' };
const VIEWER = { user: 'support', password: 'viewer-password-for-tests' };

jest.setTimeout(60_000);

let stack: Stack;
let admin: AdminUnderTest;
let browser: Browser;
let adminUrl: string;

beforeAll(async () => {
  stack = await startStack();
  admin = await startAdmin(stack, { accounts: { credentials: ADMIN, viewer: VIEWER } });
  adminUrl = admin.url;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await admin?.close();
  await stack?.close();
});

describe('the queue dashboard in a browser', () => {
  it('refuses a visitor without the password', async () => {
    const page = await browser.newPage();

    // Headless Chromium answers a 401 basic-auth challenge without credentials with this error.
    await expect(page.goto(`${adminUrl}/queues`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    await page.close();
  });

  it('lets the admin find a failed lead, see why it failed, and retry it once the cause is fixed', async () => {
    stack.sim.faults.set({ denyPrivilege: true });
    const id = await stack.post(documentedExample);
    await jobIn(stack, id, 'failed');
    stack.sim.faults.reset();

    const context = await browser.newContext({
      httpCredentials: { username: ADMIN.user, password: ADMIN.password },
    });
    const page = await context.newPage();
    await page.goto(`${adminUrl}/queues/queue/${stack.deliveries.name}?status=failed`);

    await page.getByText(id).first().waitFor();
    await page
      .getByText(/Dataverse answered 403/)
      .first()
      .waitFor();
    // The job card's first action is Retry: an icon button whose tooltip says so.
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
    // The record lands a moment before the worker marks the job completed.
    await jobIn(stack, id, 'completed');
    await context.close();
  });

  it('shows a viewer the failed lead and why, with personal data hidden and no Retry button', async () => {
    const person = {
      FirstName: 'Marguerite',
      LastName: 'Okonkwo',
      Email: 'marguerite@fabrikam.example',
      Phone: '+44 20 7946 0958',
    };
    stack.sim.faults.set({ denyPrivilege: true });
    const id = await stack.post({
      ...documentedExample,
      UserDetails: { ...documentedExample.UserDetails, ...person },
    });
    await jobIn(stack, id, 'failed');
    stack.sim.faults.reset();
    const failedPage = `${adminUrl}/queues/queue/${stack.deliveries.name}?status=failed`;
    // Bull Board's retry actions: the job card's icon button and the queue's "Retry all".
    const retryButtons = (page: Page) =>
      page
        .locator('button:has(svg.lucide-refresh-cw)')
        .or(page.getByRole('button', { name: /retry/i }));

    const viewer = await browser.newContext({
      httpCredentials: { username: VIEWER.user, password: VIEWER.password },
    });
    const page = await viewer.newPage();
    await page.goto(failedPage);
    await page.getByText(id).first().waitFor();
    await page
      .getByText(/Dataverse answered 403/)
      .first()
      .waitFor();
    await page.getByRole('tab', { name: 'Data' }).first().click();
    await page.getByText('[hidden from viewers]').first().waitFor();

    const shown = await page.locator('body').innerText();
    expect(shown).toContain('viewer: personal data hidden');
    expect(shown).toContain(id);
    for (const value of Object.values(person)) expect(shown).not.toContain(value);
    expect(await retryButtons(page).count()).toBe(0);
    await viewer.close();

    // The same page for the operator has them, so the count above is not vacuous.
    const operator = await browser.newContext({
      httpCredentials: { username: ADMIN.user, password: ADMIN.password },
    });
    const operatorPage = await operator.newPage();
    await operatorPage.goto(failedPage);
    await operatorPage.getByText(id).first().waitFor();
    await retryButtons(operatorPage).first().waitFor();
    await operator.close();
  });
});
