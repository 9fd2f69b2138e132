import { startHarness, type Harness } from './support/harness';

describe('lead table metadata', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      customColumns: [
        { logicalName: 'new_offertitle', type: 'String', maxLength: 200 },
        { logicalName: 'new_marketplaceleadid', type: 'String' },
      ],
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  test('EntityDefinitions(lead) names the entity set and the primary key', async () => {
    const answer = await harness.dataverse.get("EntityDefinitions(LogicalName='lead')", {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({
      LogicalName: 'lead',
      EntitySetName: 'leads',
      PrimaryIdAttribute: 'leadid',
      MetadataId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  test('an unknown table is a 404 in the Dataverse error shape', async () => {
    const answer = await harness.dataverse.get("EntityDefinitions(LogicalName='nosuchtable')", {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(404);
    expect(answer.data.error.code).toBe('0x80040217');
  });

  test('StringAttributeMetadata lists every string column with its length, custom ones too', async () => {
    const answer = await harness.dataverse.get(
      "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength",
      { headers: await harness.headers() },
    );

    const lengths = Object.fromEntries(
      (answer.data.value as { LogicalName: string; MaxLength: number }[]).map((column) => [
        column.LogicalName,
        column.MaxLength,
      ]),
    );
    expect(answer.status).toBe(200);
    expect(lengths).toMatchObject({
      subject: 300,
      firstname: 50,
      lastname: 50,
      emailaddress1: 100,
      telephone1: 50,
      mobilephone: 20,
      companyname: 100,
      jobtitle: 100,
      address1_country: 80,
      new_offertitle: 200,
      new_marketplaceleadid: 100,
    });
    // As in Dataverse, a Memo column is not a StringAttributeMetadata.
    expect(lengths).not.toHaveProperty('description');
  });

  test('MemoAttributeMetadata gives the description length', async () => {
    const answer = await harness.dataverse.get(
      "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.MemoAttributeMetadata?$select=LogicalName,MaxLength",
      { headers: await harness.headers() },
    );

    expect(answer.data.value).toEqual([
      expect.objectContaining({ LogicalName: 'description', MaxLength: 2000 }),
    ]);
  });

  test('Attributes lists every column with its type', async () => {
    const answer = await harness.dataverse.get(
      "EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName,AttributeType",
      { headers: await harness.headers() },
    );

    const types = Object.fromEntries(
      (answer.data.value as { LogicalName: string; AttributeType: string }[]).map((column) => [
        column.LogicalName,
        column.AttributeType,
      ]),
    );
    expect(types).toMatchObject({
      leadid: 'Uniqueidentifier',
      firstname: 'String',
      description: 'Memo',
      leadsourcecode: 'Picklist',
      campaignid: 'Lookup',
      donotemail: 'Boolean',
      createdon: 'DateTime',
      new_offertitle: 'String',
    });
  });

  test('selecting a property the base type lacks is a 400, as in Dataverse', async () => {
    const answer = await harness.dataverse.get(
      "EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName,MaxLength",
      { headers: await harness.headers() },
    );

    expect(answer.status).toBe(400);
    expect(answer.data.error.message).toContain("'MaxLength'");
  });
});
