import { problemsOf } from './problems-of';
import { lines, tempFiles } from './temp-files';

const files = tempFiles();
afterAll(() => files.remove());

describe('a configuration file with mistakes', () => {
  it('when a file has several mistakes, one error names each with its line and column', () => {
    const path = files.write(
      'mistakes.yaml',
      lines(
        'destinations:', // 1
        '  - name: contoso-dynamics', // 2
        '    type: dataverse', // 3
        '    url: https://contoso.crm.dynamics.com', // 4
        '    tenantId: 00000000-0000-0000-0000-000000000000', // 5
        '    clientSecret: abc', // 6
        '    testLeads: sometimes', // 7
        '    mapping:', // 8
        "      subject: '{OfferTitel} – {ActionName}'", // 9
        '  - name: contoso-dynamics', // 10
        '    type: email', // 11
        '    smtpUrlEnv: SMTP_URL', // 12
        '    from: leads@contoso.example', // 13
        '    to: [sales@contoso.example]', // 14
      ),
    );

    const error = problemsOf(path);

    const reported = error.message.split('\n');
    expect(reported).toEqual([
      `${path}:2:5 destinations[0]: needs one of "clientSecretEnv", "clientCertificatePath" or "credential"`,
      `${path}:2:5 destinations[0]: missing required key "clientId"`,
      expect.stringMatching(
        /:6:5 destinations\[0\]\.clientSecret: unknown key "clientSecret": .*clientSecretEnv$/,
      ),
      `${path}:7:5 destinations[0].testLeads: "sometimes" is not allowed: use write or skip`,
      expect.stringMatching(
        /:9:7 destinations\[0\]\.mapping\.subject: .*"OfferTitel".*did you mean "OfferTitle"/,
      ),
      `${path}:10:5 destinations[1].name: "contoso-dynamics" is already the name of destinations[0]`,
    ]);
    expect(error.problems[4]).toEqual({
      path: 'destinations[0].mapping.subject',
      line: 9,
      column: 7,
      message: expect.stringContaining('OfferTitel'),
    });
  });

  it('when a secret is written in clear, the hint says which key names its variable instead', () => {
    const path = files.write(
      'clear-secret.yaml',
      lines(
        'destinations:',
        '  - name: sales-email',
        '    type: email',
        '    smtpUrl: smtp://user:password@mail.contoso.example:587',
        '    from: leads@contoso.example',
        '    to: [sales@contoso.example]',
      ),
    );

    const { message } = problemsOf(path);

    expect(message).toContain(
      `${path}:4:5 destinations[0].smtpUrl: unknown key "smtpUrl": secrets never go in this file; put the value in an environment variable and give its name as smtpUrlEnv`,
    );
  });

  it('when a key is misspelt, the key it probably meant is suggested', () => {
    const path = files.write(
      'typo.yaml',
      lines(
        'destinations:',
        '  - name: sales-email',
        '    type: email',
        '    smtpUrlEnv: SMTP_URL',
        '    from: leads@contoso.example',
        '    to: [sales@contoso.example]',
        '    subjcet: New lead',
      ),
    );

    expect(problemsOf(path).message).toBe(
      `${path}:7:5 destinations[0].subjcet: unknown key "subjcet" (did you mean "subject"?)`,
    );
  });

  it('when a JSON file has a mistake, it is reported with its line and column too', () => {
    const path = files.write(
      'mistake.json',
      lines(
        '{',
        '  "destinations": [',
        '    {',
        '      "name": "sales-email",',
        '      "type": "email",',
        '      "smtpUrlEnv": "smtp_url",',
        '      "from": "leads@contoso.example",',
        '      "to": ["sales@contoso.example"]',
        '    }',
        '  ]',
        '}',
      ),
    );

    expect(problemsOf(path).message).toBe(
      `${path}:6:7 destinations[0].smtpUrlEnv: "smtp_url" is not an environment variable name: use capital letters, digits and _ (e.g. SMTP_URL)`,
    );
  });

  it('when an update-open-lead offer column is not written by the mapping, it says so', () => {
    const path = files.write(
      'offer-column.yaml',
      lines(
        'destinations:',
        '  - name: contoso-dynamics',
        '    type: dataverse',
        '    url: https://contoso.crm.dynamics.com',
        '    tenantId: 00000000-0000-0000-0000-000000000000',
        '    clientId: 00000000-0000-0000-0000-000000000001',
        '    clientSecretEnv: CONTOSO_CLIENT_SECRET',
        '    repeatCustomers:',
        '      action: update-open-lead',
        '      offerColumn: new_offerid',
      ),
    );

    expect(problemsOf(path).problems).toEqual([
      {
        path: 'destinations[0].repeatCustomers.offerColumn',
        line: 10,
        column: 7,
        message: expect.stringContaining('"new_offerid" is not a column the mapping writes'),
      },
    ]);
  });

  it('when templates, column lengths or alerts make no sense, each is reported where it is', () => {
    const path = files.write(
      'semantics.yaml',
      lines(
        'destinations:', // 1
        '  - name: sales-email', // 2
        '    type: email', // 3
        '    smtpUrlEnv: SMTP_URL', // 4
        '    from: leads@contoso.example', // 5
        '    to: [sales@contoso.example]', // 6
        "    subject: 'Lead for {Offer}'", // 7
        '  - name: contoso-dynamics', // 8
        '    type: dataverse', // 9
        '    url: https://contoso.crm.dynamics.com', // 10
        '    tenantId: 00000000-0000-0000-0000-000000000000', // 11
        '    clientId: 00000000-0000-0000-0000-000000000001', // 12
        '    clientSecretEnv: CONTOSO_CLIENT_SECRET', // 13
        '    columnLengths: { New_OfferTitle: 200 }', // 14
        '    repeatCustomers: { action: new-lead, offerColumn: new_offerid }', // 15
        'alerts:', // 16
        '  quietMinutes: 30', // 17
      ),
    );

    const { problems } = problemsOf(path);

    expect(problems).toEqual([
      {
        path: 'destinations[0].subject',
        line: 7,
        column: 5,
        message: expect.stringContaining('"Offer"'),
      },
      {
        path: 'destinations[1].columnLengths.New_OfferTitle',
        line: 14,
        column: 22,
        message: expect.stringContaining("is not a Dataverse column's logical name"),
      },
      {
        path: 'destinations[1].repeatCustomers.offerColumn',
        line: 15,
        column: 42,
        message: 'is only used with action: update-open-lead',
      },
      {
        path: 'alerts',
        line: 16,
        column: 1,
        message: 'names nowhere to send alerts: add email or webhook',
      },
    ]);
  });

  it('when maxConcurrency is above the 52 requests Dataverse allows, it says the limit', () => {
    const path = files.write(
      'concurrency.yaml',
      lines(
        'destinations:',
        '  - type: dataverse',
        '    name: fabrikam-dynamics',
        '    maxConcurrency: 60', // 4
        '    url: https://fabrikam.crm4.dynamics.com',
        '    tenantId: fabrikam.onmicrosoft.com',
        '    clientId: 11111111-2222-3333-4444-555555555555',
        '    clientCertificatePath: /run/secrets/fabrikam.pem',
      ),
    );

    expect(problemsOf(path).message).toBe(
      `${path}:4:5 destinations[0].maxConcurrency: must be at most 52, not 60`,
    );
  });

  it('when the file has a YAML syntax error, its line and column are reported', () => {
    const path = files.write(
      'syntax.yaml',
      lines(
        'destinations:',
        '  - name: sales-email',
        '    type: email',
        '    from: Leadbridge: leads@contoso.example',
        '    to: [sales@contoso.example]',
      ),
    );

    const error = problemsOf(path);

    expect(error.problems).toEqual([
      { path: '', line: 4, column: 11, message: expect.stringMatching(/^syntax error: /) },
    ]);
    expect(error.message).toMatch(new RegExp(`^${path}:4:11 syntax error: `));
  });

  it('when a key appears twice in one map, the second is reported', () => {
    const path = files.write(
      'duplicate-key.yaml',
      lines('destinations:', '  - name: a', '    name: b', '    type: email'),
    );

    expect(problemsOf(path).message).toBe(`${path}:3:5 syntax error: Map keys must be unique`);
  });

  it('when the file is empty, it says what the file needs', () => {
    const path = files.write('empty.yaml', '# nothing yet\n');

    expect(problemsOf(path).message).toBe(
      `${path}: the file is empty: it needs at least a list of destinations`,
    );
  });

  it('when there is no destination, it asks for one', () => {
    const path = files.write('no-destinations.yaml', 'destinations: []\n');

    expect(problemsOf(path).message).toBe(`${path}:1:1 destinations: must list at least one`);
  });

  it('when the file does not exist, the error names the file and says so', () => {
    const path = `${files.dir}/missing.yaml`;

    const error = problemsOf(path);

    expect(error.message).toBe(
      `${path}: cannot read the configuration file: there is no such file`,
    );
    expect(error.file).toBe(path);
  });
});
