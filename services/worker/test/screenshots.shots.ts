import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLeadActivityReader,
  createLeadActivityWriter,
  type LeadState,
} from '@leadbridge/lead-activity';
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

/*
 * Not a test: `npm run screenshots` runs this file alone to draw the pictures in the README, from
 * a real stack with a handful of fictitious leads. SCREENSHOTS_DIR says where the PNGs go.
 */
const OUT = process.env.SCREENSHOTS_DIR ?? join(__dirname, '../../../docs/screenshots');
const OFFERS = ['Fabrikam Analytics', 'Contoso Field Service', 'Northwind Inventory'];
const DAY_MS = 24 * 60 * 60 * 1000;

jest.setTimeout(120_000);

// Fictitious people at Microsoft's example domains.
const people = [
  ['Isabela', 'Fairweather', 'isabela.fairweather@fabrikam.example', 'Fabrikam Outfitters'],
  ['Teodor', 'Brannigan', 'teodor.brannigan@contoso.example', 'Contoso Pharmaceuticals'],
  ['Amara', 'Lindqvist', 'amara.lindqvist@fabrikam.example', 'Fabrikam Residences'],
  ['Kenji', 'Okafor', 'kenji.okafor@contoso.example', 'Contoso Shipping'],
  ['Lucía', 'Marchetti', 'lucia.marchetti@fabrikam.example', 'Fabrikam Robotics'],
] as const;

function lead(index: number, offer: string, actionCode: string) {
  const [FirstName, LastName, Email, Company] = people[index % people.length]!;
  return {
    ...documentedExample,
    ActionCode: actionCode,
    OfferTitle: offer,
    UserDetails: {
      ...documentedExample.UserDetails,
      FirstName,
      LastName,
      Email,
      Phone: `+1 425 555 01${String(10 + index)}`,
      Company,
    },
  };
}

let stack: Stack;
let admin: AdminUnderTest;
let browser: Browser;

const reach = (id: string, state: LeadState) =>
  eventually(async () => {
    const reader = createLeadActivityReader({ connection: admin.redis, prefix: stack.prefix });
    return (await reader.get(id))?.state === state;
  }, 15_000);

/** Leads of the days before today, as the worker would have recorded them then. */
async function earlierDays(): Promise<void> {
  const writer = createLeadActivityWriter({
    connection: admin.redis,
    prefix: stack.prefix,
    logger: { warn: () => undefined },
  });
  for (let day = 1; day <= 4; day++) {
    for (let n = 0; n < 1 + (day % 3); n++) {
      const at = new Date(Date.now() - day * DAY_MS - n * 3_600_000);
      const offer = OFFERS[(day + n) % OFFERS.length]!;
      const summary = {
        id: randomUUID(),
        receivedAt: at.toISOString(),
        source: 'marketplace',
        offer,
        actionCode: n % 3 === 0 ? 'CON' : 'INS',
        isTestLead: false,
      };
      await writer.received(summary);
      await writer.routed(summary, { destinations: ['dynamics'], reason: 'matched' }, at);
      const later = new Date(at.getTime() + 400 + n * 150);
      await writer.attempt(
        summary,
        { destination: 'dynamics', attempt: 1, outcome: 'delivered' },
        later,
      );
    }
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  stack = await startStack({
    lookupHashKey: 'screenshots lookup key',
    match: { offerTitle: [...OFFERS, partnerCenterTestLead.OfferTitle] },
  });
  admin = await startAdmin(stack, {
    entra: true,
    activity: true,
    lookupHashKey: 'screenshots lookup key',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  stack?.sim.faults.reset();
  await browser?.close();
  await admin?.close();
  await stack?.close();
});

it('draws the leads pages, the Entra ID sign-in and the no-role page', async () => {
  await earlierDays();
  const delivered: string[] = [];
  for (const [index, [offer, code]] of [
    [OFFERS[0], 'INS'],
    [OFFERS[1], 'CON'],
    [OFFERS[2], 'INS'],
    [OFFERS[0], 'PLI'],
  ].entries()) {
    delivered.push(await stack.post(lead(index, offer!, code!)));
  }
  const unmatched = await stack.post(lead(4, 'Woodgrove Payroll', 'INS'));
  const test = await stack.post(partnerCenterTestLead);
  for (const id of [...delivered, test]) await reach(id, 'delivered');
  await reach(unmatched, 'unmatched');
  stack.sim.faults.set({ denyPrivilege: true });
  const failed = await stack.post(lead(1, OFFERS[1]!, 'INS'));
  await reach(failed, 'failed');
  stack.sim.faults.reset();

  const signIn = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 600 },
  });
  const picker = await signIn.newPage();
  await picker.goto(`${admin.url}/leads`);
  await picker.getByText(ENTRA_USERS.operator).waitFor();
  await shoot(picker, 'entra-sign-in');
  await signIn.close();

  const operator = await signInAs(browser, admin.url, ENTRA_USERS.operator);
  await shoot(operator.page, 'leads-operator');
  await operator.page.goto(`${admin.url}/leads/${failed}`);
  await shoot(operator.page, 'lead-operator');
  await operator.page.goto(`${admin.url}/overview`);
  await shoot(operator.page, 'overview');
  await operator.context.close();

  const viewer = await signInAs(browser, admin.url, ENTRA_USERS.viewer, `/leads/${failed}`);
  await shoot(viewer.page, 'lead-viewer');
  await viewer.context.close();

  const nobody = await signInAs(browser, admin.url, ENTRA_USERS.nobody);
  await shoot(nobody.page, 'no-role');
  await nobody.context.close();
});
