import { sampleLead, startHarness, type Harness } from './support/harness';

describe('querying leads', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      customColumns: [{ logicalName: 'new_offerid', type: 'String' }],
    });
    const headers = await harness.headers();
    const leads = [
      { firstname: 'Avery', companyname: 'Example Ltd', new_offerid: 'contoso.widget' },
      { firstname: 'Blake', companyname: "O'Brien and Sons", new_offerid: 'contoso.widget' },
      { firstname: 'Casey', companyname: 'Example Ltd', new_offerid: 'contoso.gadget' },
      { firstname: 'Drew', companyname: 'example ltd', new_offerid: 'contoso.widget' },
    ];
    for (const lead of leads) {
      const answer = await harness.dataverse.post('leads', sampleLead(lead), { headers });
      if (answer.status !== 204) throw new Error(`seeding failed: ${answer.status}`);
    }
    // Drew's lead was qualified: it is no longer the open lead for that address and offer.
    const drew = harness.sim.leads().find((lead) => lead.firstname === 'Drew');
    await harness.dataverse.patch(
      `leads(${String(drew?.leadid)})`,
      { statecode: 1 },
      { headers: { ...headers, 'If-Match': '*' } },
    );
  });
  afterAll(async () => {
    await harness.close();
  });

  async function firstNames(query: string): Promise<string[]> {
    const answer = await harness.dataverse.get(`leads?${query}`, {
      headers: await harness.headers(),
    });
    if (answer.status !== 200) throw new Error(JSON.stringify(answer.data));
    return (answer.data.value as { firstname: string }[]).map((lead) => lead.firstname);
  }

  test('several eq clauses joined by and must all hold: the open lead for an address and offer', async () => {
    const names = await firstNames(
      "$filter=emailaddress1 eq 'avery@example.com' and statecode eq 0 and new_offerid eq 'contoso.widget'&$select=firstname",
    );

    expect(names).toEqual(['Avery', 'Blake']);
  });

  test('a doubled quote is a quote, and an and inside a string is part of the value', async () => {
    const names = await firstNames("$filter=companyname eq 'O''Brien and Sons'");

    expect(names).toEqual(['Blake']);
  });

  test('text compares without regard to case, numbers exactly', async () => {
    const names = await firstNames("$filter=companyname eq 'EXAMPLE LTD' and statecode eq 1");

    expect(names).toEqual(['Drew']);
  });

  test('$orderby=createdon desc puts the lead created last first, asc the first', async () => {
    expect(await firstNames('$orderby=createdon desc')).toEqual([
      'Drew',
      'Casey',
      'Blake',
      'Avery',
    ]);
    expect(await firstNames('$orderby=createdon asc')).toEqual(['Avery', 'Blake', 'Casey', 'Drew']);
  });

  test('$orderby takes any readable column, with $filter and $top: the newest open lead', async () => {
    expect(await firstNames('$orderby=firstname desc&$top=2')).toEqual(['Drew', 'Casey']);
    expect(
      await firstNames(
        "$filter=new_offerid eq 'contoso.widget' and statecode eq 0&$orderby=createdon desc&$top=1",
      ),
    ).toEqual(['Blake']);
  });

  test.each([
    ['or', "$filter=firstname eq 'Avery' or firstname eq 'Blake'", 'supports $filter only'],
    ['ne', "$filter=firstname ne 'Avery'", 'supports $filter only'],
    ['a function', "$filter=contains(firstname,'A')", 'supports $filter only'],
    ['two $orderby columns', '$orderby=statecode,createdon desc', 'one column only'],
    ['an unknown query option', '$apply=groupby((statecode))', "'$apply' is not supported"],
  ])('%s is refused with a 400 saying what is supported', async (_case, query, words) => {
    const answer = await harness.dataverse.get(`leads?${query}`, {
      headers: await harness.headers(),
    });

    expect(answer.status).toBe(400);
    expect(answer.data.error.message).toContain(words);
  });

  test('ordering or filtering by a column the table lacks is a 400 naming it', async () => {
    const headers = await harness.headers();

    const ordered = await harness.dataverse.get('leads?$orderby=modifiedon desc', { headers });
    const filtered = await harness.dataverse.get("leads?$filter=statecode eq 0 and nope eq 'x'", {
      headers,
    });

    expect(ordered.status).toBe(400);
    expect(ordered.data.error.message).toBe(
      "Could not find a property named 'modifiedon' on type 'Microsoft.Dynamics.CRM.lead'.",
    );
    expect(filtered.status).toBe(400);
    expect(filtered.data.error.message).toContain("'nope'");
  });
});
