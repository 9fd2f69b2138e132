import { createLeadActivityReader, type LeadState } from '@leadbridge/lead-activity';
import { documentedExample, partnerCenterTestLead } from '@leadbridge/test-support';
import type { Browser, Page } from 'playwright-core';
import {
  ENTRA_USERS,
  launchBrowser,
  signInAs,
  startAdmin,
  type AdminUnderTest,
} from './admin-browser';
import { eventually, startStack, type Stack } from './stack';

// One stack for the file: the leads below are posted once and looked at by each person.
jest.setTimeout(60_000);

const LOOKUP_KEY = 'lookup key for the leads pages browser test';
const OFFER = 'Fabrikam Analytics';
// Fictitious people: each one's details must never reach a viewer's page.
const DELIVERED_PERSON = {
  FirstName: 'Isabela',
  LastName: 'Fairweather',
  Email: 'isabela.fairweather@fabrikam.example',
  Phone: '+1 425 555 0143',
  Company: 'Fabrikam Outfitters',
};
const FAILED_PERSON = {
  FirstName: 'Teodor',
  LastName: 'Brannigan',
  Email: 'teodor.brannigan@contoso.example',
  Phone: '+44 20 7946 0321',
  Company: 'Contoso Pharmaceuticals',
};

const leadOf = (person: object, offer = OFFER, actionCode = 'INS') => ({
  ...documentedExample,
  ActionCode: actionCode,
  OfferTitle: offer,
  UserDetails: { ...documentedExample.UserDetails, ...person },
});

let stack: Stack;
let admin: AdminUnderTest;
let browser: Browser;
const ids = { delivered: '', failed: '', unmatched: '', test: '' };

async function stateOf(id: string): Promise<LeadState | undefined> {
  const reader = createLeadActivityReader({ connection: admin.redis, prefix: stack.prefix });
  return (await reader.get(id))?.state;
}

const reachState = (id: string, state: LeadState) =>
  eventually(async () => (await stateOf(id)) === state, 15_000);

beforeAll(async () => {
  stack = await startStack({
    lookupHashKey: LOOKUP_KEY,
    // The Dynamics destination takes two offers; a lead for any other is unmatched.
    match: { offerTitle: [OFFER, partnerCenterTestLead.OfferTitle] },
  });
  admin = await startAdmin(stack, { entra: true, activity: true, lookupHashKey: LOOKUP_KEY });
  browser = await launchBrowser();

  ids.delivered = await stack.post(leadOf(DELIVERED_PERSON));
  ids.unmatched = await stack.post(leadOf(DELIVERED_PERSON, 'Northwind Archive', 'CON'));
  ids.test = await stack.post(partnerCenterTestLead);
  await reachState(ids.delivered, 'delivered');
  await reachState(ids.unmatched, 'unmatched');
  await reachState(ids.test, 'delivered');
  // Dataverse refuses the next write for good: the lead fails, and stays failed until a Retry.
  stack.sim.faults.set({ denyPrivilege: true });
  ids.failed = await stack.post(leadOf(FAILED_PERSON));
  await reachState(ids.failed, 'failed');
});

afterAll(async () => {
  stack?.sim.faults.reset();
  await browser?.close();
  await admin?.close();
  await stack?.close();
});

/** The ids of the leads the list shows, in its order. */
async function listedIds(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('table a[href^="/leads/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return [...new Set(hrefs.map((href) => href.slice('/leads/'.length)))];
}

describe('the leads pages in a browser signed in with Entra ID', () => {
  it('lets the operator find the failed lead, read why, open its job in Bull Board, and retry it into Dynamics', async () => {
    const { context, page } = await signInAs(browser, admin.url, ENTRA_USERS.operator);
    expect(await page.locator('header .who').innerText()).toContain(ENTRA_USERS.operator);
    expect(new Set(await listedIds(page))).toEqual(new Set(Object.values(ids)));

    await page.getByLabel('State').selectOption('failed');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/[?&]state=failed/);
    expect(await listedIds(page)).toEqual([ids.failed]);

    await page.locator(`table a[href="/leads/${ids.failed}"]`).first().click();
    await page.waitForURL(`${admin.url}/leads/${ids.failed}`);
    const timeline = page.locator('ol.timeline');
    await expect(timeline.innerText()).resolves.toMatch(/Received[\s\S]*Routed[\s\S]*failed/);
    expect(await timeline.innerText()).toMatch(/Dataverse answered 403/);

    // The job's link opens that very job in Bull Board, whose header links back to the leads.
    await page.getByRole('link', { name: 'Job in Bull Board', exact: true }).click();
    await page.waitForURL(`${admin.url}/queues/queue/${stack.deliveries.name}/${ids.failed}`);
    await page.getByText(ids.failed, { exact: true }).first().waitFor();
    await page
      .getByText(/Dataverse answered 403/)
      .first()
      .waitFor();
    // Bull Board's header menu of links (its `miscLinks`) leads back to the pages.
    await page.locator('ul[class^="actions"] button[aria-haspopup="menu"]').click();
    await page.getByRole('menuitem', { name: 'Leads' }).click();
    await page.waitForURL(`${admin.url}/leads`);

    await page.goto(`${admin.url}/leads/${ids.failed}`);
    stack.sim.faults.reset();
    await page.getByRole('button', { name: 'Retry' }).click();
    await eventually(
      () => stack.sim.leads().some((record) => record.leadid === ids.failed),
      15_000,
    );
    await reachState(ids.failed, 'delivered');
    await page.reload();
    const after = await timeline.innerText();
    expect(after).toMatch(/Retried to \S+\s+by operator@leadbridge\.test/);
    expect(after).toMatch(/attempt \d+:\s*delivered/);
    await page.getByRole('link', { name: 'Record in Dynamics 365' }).first().waitFor();
    await context.close();
  });

  it('finds a person’s leads by e-mail address without the address ever being in a URL', async () => {
    const { context, page, requested } = await signInAs(browser, admin.url, ENTRA_USERS.operator);
    const locations: string[] = [];
    page.on('response', (response) => {
      const location = response.headers()['location'];
      if (location) locations.push(location);
    });

    await page.getByLabel('A person’s leads, by e-mail address').fill(DELIVERED_PERSON.Email);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('received from this address').waitFor();

    expect(new Set(await listedIds(page))).toEqual(new Set([ids.delivered, ids.unmatched]));
    const urls = [...requested, ...locations, page.url()].join('\n').toLowerCase();
    for (const form of [DELIVERED_PERSON.Email, encodeURIComponent(DELIVERED_PERSON.Email)]) {
      expect(urls).not.toContain(form.toLowerCase());
    }
    expect(urls).not.toContain('fairweather');
    await context.close();
  });

  it('shows the viewer the leads and a timeline with contact details masked, no buttons, and refuses a forged POST', async () => {
    const { context, page } = await signInAs(browser, admin.url, ENTRA_USERS.viewer);
    expect(await page.locator('header .who').innerText()).toContain(ENTRA_USERS.viewer);
    expect(new Set(await listedIds(page))).toEqual(new Set(Object.values(ids)));
    const listed = await page.locator('body').innerText();

    await page.goto(`${admin.url}/leads/${ids.failed}`);
    const shown = await page.locator('body').innerText();
    expect(shown).toMatch(/Received[\s\S]*Routed/);
    for (const person of [DELIVERED_PERSON, FAILED_PERSON]) {
      for (const value of [`${person.FirstName} ${person.LastName}`, person.Email, person.Phone]) {
        expect(listed).not.toContain(value);
        expect(shown).not.toContain(value);
      }
    }
    expect(await page.getByRole('button', { name: /Retry|Replay/ }).count()).toBe(0);
    expect(await page.locator('form[action="/leads/search"]').count()).toBe(0);

    // The viewer's own session and form token, posted as the operator's Retry button would.
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const forged = await page.request.post(`${admin.url}/leads/${ids.failed}/retry`, {
      form: { _csrf: token, destination: 'dynamics' },
      headers: { origin: admin.url },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const audit = stack.logs
      .entries()
      .filter((entry) => entry.audit === true && entry.actor === ENTRA_USERS.viewer);
    expect(audit.filter((entry) => entry.action === 'retry')).toEqual([]);
    await context.close();
  });

  it('tells a user with no role which roles to ask for', async () => {
    const { context, page } = await signInAs(browser, admin.url, ENTRA_USERS.nobody);

    const text = await page.locator('body').innerText();
    expect(text).toContain('Leadbridge.Viewer');
    expect(text).toContain('Leadbridge.Operator');
    expect(await page.locator('table').count()).toBe(0);
    await context.close();
  });

  it('draws the overview’s charts, the offer named in the legend', async () => {
    const { context, page } = await signInAs(browser, admin.url, ENTRA_USERS.operator, '/overview');

    expect(await page.locator('figure.chart svg').count()).toBeGreaterThan(0);
    expect(await page.locator('ul.legend').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining(OFFER)]),
    );
    await context.close();
  });

  it('signs the operator out from the pages’ Sign out button, through Entra ID and back', async () => {
    const { context, page } = await signInAs(browser, admin.url, ENTRA_USERS.operator);
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });

    const sessions = () => admin.redis.keys(`${stack.prefix}:leadbridge:admin-session:*`);
    const before = await sessions();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${admin.url}/auth/signed-out`);

    expect(refused).toEqual([]);
    expect((await sessions()).length).toBe(before.length - 1);
    await page.goto(`${admin.url}/leads`);
    // No session any more: the pages send the browser to sign in again.
    expect(new URL(page.url()).origin).toBe(new URL(stack.sim.issuer).origin);
    await context.close();
  });
});
