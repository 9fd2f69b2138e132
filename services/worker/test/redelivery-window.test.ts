import { documentedExample } from '@leadbridge/test-support';
import { eventually, jobIn, startStack, type Stack } from './stack';

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('the same lead sent again, in Dynamics 365', () => {
  it('inside the window is one record; after it, a second event is a second record', async () => {
    stack = await startStack({ dedupeWindowSeconds: 2 });
    const first = await stack.post(documentedExample);
    const firstStored = Date.now();
    const redelivered = await stack.post(documentedExample);
    await jobIn(stack, first, 'completed');
    expect(redelivered).toBe(first);
    expect(stack.sim.leads().map((record) => record.leadid)).toEqual([first]);

    await sleep(Math.max(0, firstStored + 2_200 - Date.now()));
    const later = await stack.post(documentedExample);
    await jobIn(stack, later, 'completed');

    expect(later).not.toBe(first);
    const written = stack.sim.leads().map((record) => String(record.leadid));
    expect(written.sort()).toEqual([first, later].sort());
  }, 30_000);

  it('after the window, with update-open-lead, is added to the customer’s open lead', async () => {
    stack = await startStack({
      dedupeWindowSeconds: 1,
      simulator: {
        customColumns: [{ logicalName: 'new_offerid', type: 'String', maxLength: 100 }],
      },
      mapping: { new_offerid: 'OfferTitle' },
      policies: { repeatCustomers: { action: 'update-open-lead', offerColumn: 'new_offerid' } },
    });
    const first = await stack.post(documentedExample);
    await jobIn(stack, first, 'completed');
    await sleep(1_200);

    const later = await stack.post(documentedExample);

    const job = await jobIn(stack, later, 'completed');
    expect(job?.returnvalue).toMatchObject({ outcome: 'updated', recordId: first });
    await eventually(() => stack?.sim.leads().length === 1);
    expect(String(stack.sim.leads()[0]?.description)).toContain(later);
  }, 30_000);
});
