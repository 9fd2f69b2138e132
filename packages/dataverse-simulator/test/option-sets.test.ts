import { startHarness, type Harness } from './support/harness';

const ATTRIBUTES = "EntityDefinitions(LogicalName='lead')/Attributes";

interface OptionBody {
  Value: number;
  Label: { UserLocalizedLabel: { Label: string; LanguageCode: number } };
  State?: number;
  DefaultStatus?: number;
}

interface ChoiceAttributeBody {
  LogicalName: string;
  MetadataId: string;
  OptionSet: { MetadataId: string; Options: OptionBody[] };
}

describe('choice column metadata with $expand=OptionSet', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      customColumns: [
        {
          logicalName: 'new_actioncode',
          type: 'Picklist',
          options: [{ value: 100000000, label: 'Trial' }, 100000001],
        },
      ],
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  async function choiceColumns(cast: string, query: string): Promise<ChoiceAttributeBody[]> {
    const answer = await harness.dataverse.get(
      `${ATTRIBUTES}/Microsoft.Dynamics.CRM.${cast}?${query}`,
      {
        headers: await harness.headers(),
      },
    );
    if (answer.status !== 200) throw new Error(JSON.stringify(answer.data));
    return answer.data.value as ChoiceAttributeBody[];
  }

  function labels(column: ChoiceAttributeBody | undefined): Record<number, string> {
    return Object.fromEntries(
      (column?.OptionSet.Options ?? []).map((option) => [
        option.Value,
        option.Label.UserLocalizedLabel.Label,
      ]),
    );
  }

  test('Picklist columns come with their options, values and labels, as the Web API sends them', async () => {
    const columns = await choiceColumns(
      'PicklistAttributeMetadata',
      '$select=LogicalName&$expand=OptionSet($select=Options)',
    );

    const source = columns.find((column) => column.LogicalName === 'leadsourcecode');
    expect(Object.keys(source ?? {}).sort()).toEqual([
      '@odata.type',
      'LogicalName',
      'MetadataId',
      'OptionSet',
    ]);
    // With $select=Options the option set keeps only Options and its key.
    expect(Object.keys(source?.OptionSet ?? {}).sort()).toEqual(['MetadataId', 'Options']);
    expect(source?.OptionSet.Options[0]).toMatchObject({
      Value: 1,
      Label: {
        LocalizedLabels: [{ Label: 'Advertisement', LanguageCode: 1033 }],
        UserLocalizedLabel: { Label: 'Advertisement', LanguageCode: 1033 },
      },
    });
    expect(labels(source)).toMatchObject({ 8: 'Web', 10: 'Other' });
    expect(labels(columns.find((column) => column.LogicalName === 'new_actioncode'))).toEqual({
      100000000: 'Trial',
      100000001: 'Option 100000001',
    });
  });

  test('the global option set of a local choice is null when expanded', async () => {
    const columns = await choiceColumns(
      'PicklistAttributeMetadata',
      '$select=LogicalName&$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)',
    );

    expect(columns[0]).toMatchObject({ GlobalOptionSet: null });
  });

  test('State options name their default status, Status options their state', async () => {
    const [state] = await choiceColumns(
      'StateAttributeMetadata',
      '$select=LogicalName&$expand=OptionSet',
    );
    const [status] = await choiceColumns(
      'StatusAttributeMetadata',
      '$select=LogicalName&$expand=OptionSet',
    );

    expect(state?.LogicalName).toBe('statecode');
    expect(labels(state)).toEqual({ 0: 'Open', 1: 'Qualified', 2: 'Disqualified' });
    expect(state?.OptionSet.Options.map((option) => option.DefaultStatus)).toEqual([1, 3, 4]);
    expect(status?.LogicalName).toBe('statuscode');
    expect(status?.OptionSet.Options.map((option) => [option.Value, option.State])).toEqual([
      [1, 0],
      [2, 0],
      [3, 1],
      [4, 2],
      [5, 2],
      [6, 2],
      [7, 2],
    ]);
  });

  test('expanding OptionSet where the type has none is a 400 naming the type', async () => {
    const answer = await harness.dataverse.get(
      `${ATTRIBUTES}/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName&$expand=OptionSet`,
      { headers: await harness.headers() },
    );

    expect(answer.status).toBe(400);
    expect(answer.data.error.message).toBe(
      "Could not find a property named 'OptionSet' on type 'Microsoft.Dynamics.CRM.StringAttributeMetadata'.",
    );
  });

  test('anything but $select inside $expand is refused', async () => {
    const answer = await harness.dataverse.get(
      `${ATTRIBUTES}/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet($filter=IsGlobal eq false)`,
      { headers: await harness.headers() },
    );

    expect(answer.status).toBe(400);
    expect(answer.data.error.message).toContain('only $select inside $expand');
  });
});
