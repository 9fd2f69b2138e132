import { documentedExample, partnerCenterTestLead } from '@leadbridge/test-support';
import { eventually, jobIn, startStack, type Stack } from './stack';

// The real path (ingest API → Redis → router → Dataverse destination → simulator over TLS),
// with the mapping and policies a publisher writes in the configuration file.
jest.setTimeout(30_000);

const CAMPAIGN = '5f0c3b1e-7a52-4c1d-9a43-0d6a1e9b2c01';

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function recordOf(s: Stack, id: string) {
  return eventually(() => s.sim.leads().find((record) => record.leadid === id));
}

const widgetLead = (overrides: object = {}) => ({
  ...documentedExample,
  LeadSource: 'AzureMarketplace-INS|contoso.widget',
  ...overrides,
});

describe('a custom mapping', () => {
  it('lands templates, constants, a choice, a lookup and custom columns as configured', async () => {
    stack = await startStack({
      simulator: {
        customColumns: [
          { logicalName: 'new_offertitle', type: 'String', maxLength: 200 },
          { logicalName: 'new_actioncode', type: 'String', maxLength: 20 },
          { logicalName: 'new_marketplaceleadid', type: 'String', maxLength: 100 },
          { logicalName: 'new_channel', type: 'String', maxLength: 50 },
        ],
      },
      mapping: {
        subject: '{OfferTitle} – {ActionName}',
        leadsourcecode: 8,
        new_offertitle: 'OfferTitle',
        new_actioncode: 'ActionCode',
        new_marketplaceleadid: 'LeadId',
        new_channel: { const: 'Azure Marketplace' },
        campaignid: { lookup: 'campaigns', id: CAMPAIGN },
        telephone1: null,
      },
    });

    const id = await stack.post(documentedExample);

    const record = await recordOf(stack, id);
    expect(record).toMatchObject({
      subject: 'Test Microsoft – Get it now / install',
      leadsourcecode: 8,
      new_offertitle: 'Test Microsoft',
      new_actioncode: 'INS',
      new_marketplaceleadid: id,
      new_channel: 'Azure Marketplace',
      _campaignid_value: CAMPAIGN,
      // Columns the mapping leaves alone keep the default mapping.
      emailaddress1: 'someone@contoso.com',
      lastname: 'One',
    });
    // `null` in the mapping leaves a default column out.
    expect(record.telephone1 ?? null).toBeNull();
  });
});

describe('Microsoft test leads', () => {
  it('are written by default, as Partner Center’s Validate expects', async () => {
    stack = await startStack();

    const id = await stack.post(partnerCenterTestLead);

    await recordOf(stack, id);
  });

  it('are acknowledged and not written with testLeads: skip', async () => {
    stack = await startStack({ policies: { testLeads: 'skip' } });

    const id = await stack.post(partnerCenterTestLead);

    const job = await jobIn(stack, id, 'completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'skipped' });
    expect(stack.sim.leads()).toHaveLength(0);
  });
});

describe('do-not-contact (DNC) leads', () => {
  it('are written with the do-not-contact flags set by default', async () => {
    stack = await startStack();

    const id = await stack.post({ ...documentedExample, ActionCode: 'DNC' });

    const record = await recordOf(stack, id);
    expect(record).toMatchObject({ donotemail: true, donotphone: true });
  });

  it('leave the flags alone on other leads', async () => {
    stack = await startStack();

    const id = await stack.post(documentedExample);

    expect(await recordOf(stack, id)).toMatchObject({ donotemail: false, donotphone: false });
  });

  it('are not written with doNotContact: skip', async () => {
    stack = await startStack({
      policies: { doNotContact: { action: 'skip', columns: ['donotemail'] } },
    });

    const id = await stack.post({ ...documentedExample, ActionCode: 'DNC' });

    const job = await jobIn(stack, id, 'completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'skipped' });
    expect(stack.sim.leads()).toHaveLength(0);
  });
});

describe('repeat customers', () => {
  /** An org with an offer column, and a destination that appends repeat events to the open lead. */
  const updateOpenLeadStack = () =>
    startStack({
      simulator: {
        customColumns: [{ logicalName: 'new_offerid', type: 'String', maxLength: 100 }],
      },
      mapping: { new_offerid: 'OfferId' },
      policies: { repeatCustomers: { action: 'update-open-lead', offerColumn: 'new_offerid' } },
    });

  it('get a new lead per event by default', async () => {
    stack = await startStack();

    await stack.post(widgetLead());
    await stack.post(widgetLead({ ActionCode: 'PLT', Description: 'Asked for a trial' }));

    await eventually(() => stack?.sim.leads().length === 2);
  });

  it('with update-open-lead, add the new event to the open lead of the same e-mail and offer', async () => {
    stack = await updateOpenLeadStack();
    const first = await stack.post(widgetLead());
    await jobIn(stack, first, 'completed');

    const second = await stack.post(
      widgetLead({ ActionCode: 'PLT', Description: 'Asked for a trial' }),
    );

    const job = await jobIn(stack, second, 'completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'updated', recordId: first });
    const records = stack.sim.leads();
    expect(records).toHaveLength(1);
    const description = String(records[0]?.description);
    expect(description).toContain('Contact me / trial (PLT)');
    expect(description).toContain('Asked for a trial');
    expect(description).toContain(second);
  });

  it('with update-open-lead, two events of the same customer and offer delivered at once both land on the open lead', async () => {
    stack = await updateOpenLeadStack();
    const first = await stack.post(widgetLead());
    await jobIn(stack, first, 'completed');
    // Slow answers make both deliveries read the open lead before either has written it.
    stack.sim.faults.set({ latencyMs: 300 });

    const [trial, subscription] = await Promise.all([
      stack.post(widgetLead({ ActionCode: 'PLT', Description: 'Asked for a trial' })),
      stack.post(widgetLead({ ActionCode: 'Create', Description: 'Bought a subscription' })),
    ]);

    for (const id of [trial, subscription]) {
      const job = await jobIn(stack, id, 'completed');
      expect(job.returnvalue).toMatchObject({ outcome: 'updated', recordId: first });
    }
    const records = stack.sim.leads();
    expect(records).toHaveLength(1);
    const description = String(records[0]?.description);
    for (const text of ['Asked for a trial', trial, 'Bought a subscription', subscription]) {
      expect(description).toContain(text);
    }
    // The race did happen: one write found the record changed since it was read.
    expect(stack.sim.stats().requests.leads?.['412']).toBeGreaterThanOrEqual(1);
  });

  it('with update-open-lead, a do-not-contact event sets the do-not-contact flags on the open lead', async () => {
    stack = await updateOpenLeadStack();
    const first = await stack.post(widgetLead());
    await jobIn(stack, first, 'completed');

    const dnc = await stack.post(widgetLead({ ActionCode: 'DNC' }));

    const job = await jobIn(stack, dnc, 'completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'updated', recordId: first });
    expect(stack.sim.leads()).toEqual([
      expect.objectContaining({ leadid: first, donotemail: true, donotphone: true }),
    ]);
    expect(String(stack.sim.leads()[0]?.description)).toContain('(DNC)');
  });

  it('with update-open-lead, still create a lead for another offer', async () => {
    stack = await updateOpenLeadStack();
    const first = await stack.post(widgetLead());
    await jobIn(stack, first, 'completed');

    const other = await stack.post(
      widgetLead({ LeadSource: 'AzureMarketplace-INS|contoso.gadget' }),
    );

    await recordOf(stack, other);
    expect(stack.sim.leads()).toHaveLength(2);
  });
});
