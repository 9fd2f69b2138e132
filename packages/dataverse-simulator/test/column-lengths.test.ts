import { startSimulator } from '../src';
import { LEAD_ID, sampleLead, startHarness, type Harness } from './support/harness';

const STRING_LENGTHS =
  "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength";

describe('column length overrides', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      columnLengths: { firstname: 30, jobtitle: 200, description: 500 },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  test('the metadata reports the changed lengths and leaves the others standard', async () => {
    const answer = await harness.dataverse.get(STRING_LENGTHS, {
      headers: await harness.headers(),
    });

    const lengths = Object.fromEntries(
      (answer.data.value as { LogicalName: string; MaxLength: number }[]).map((column) => [
        column.LogicalName,
        column.MaxLength,
      ]),
    );
    expect(lengths).toMatchObject({ firstname: 30, jobtitle: 200, lastname: 50 });
  });

  test('a value longer than a shortened column is refused as Dataverse refuses it', async () => {
    const answer = await harness.dataverse.patch(
      `leads(${LEAD_ID})`,
      sampleLead({ firstname: 'A'.repeat(31) }),
      { headers: await harness.headers({ 'If-None-Match': '*' }) },
    );

    expect(answer.status).toBe(400);
    expect(answer.data.error.code).toBe('0x80044331');
  });

  test.each([
    ['a column the table lacks', { nosuchcolumn: 10 }, /no writable text column/],
    ['a column that is not text', { leadsourcecode: 10 }, /no writable text column/],
    ['a read-only column', { fullname: 10 }, /no writable text column/],
    ['a length of zero', { firstname: 0 }, /must be from 1 to 4000/],
  ])('%s is refused before the simulator listens', async (_case, columnLengths, message) => {
    await expect(startSimulator({ columnLengths })).rejects.toThrow(message);
  });
});
