import { DEFAULT_CHAT_WAIT_SECONDS } from '../src';
import { readConfigFile } from '../src/load-config-file';
import { problemsOf } from './problems-of';
import { lines, tempFiles } from './temp-files';

const files = tempFiles();
afterAll(() => files.remove());

const DYNAMICS = [
  '  - name: contoso-dynamics',
  '    type: dataverse',
  '    url: https://contoso.crm.dynamics.com',
  '    tenantId: 00000000-0000-0000-0000-000000000000',
  '    clientId: 00000000-0000-0000-0000-000000000001',
  '    clientSecretEnv: CONTOSO_CLIENT_SECRET',
];

describe('a chat destination in the configuration file', () => {
  it('posts no personal data and waits for nothing unless the file says so', () => {
    const path = files.write(
      'chat.yaml',
      lines(
        'destinations:',
        '  - name: sales-teams',
        '    type: chat',
        '    format: teams',
        '    urlEnv: SALES_TEAMS_WEBHOOK_URL',
      ),
    );

    expect(readConfigFile(path).destinations).toEqual([
      {
        name: 'sales-teams',
        type: 'chat',
        format: 'teams',
        urlEnv: 'SALES_TEAMS_WEBHOOK_URL',
        personalData: [],
      },
    ]);
  });

  it('waits for a Dataverse destination of the file, by default for ten minutes', () => {
    const path = files.write(
      'chat-wait.yaml',
      lines(
        'destinations:',
        ...DYNAMICS,
        '  - name: sales-slack',
        '    type: chat',
        '    format: slack',
        '    urlEnv: SALES_SLACK_WEBHOOK_URL',
        '    title: "{FullName} of {UserDetails.Company} wants {OfferTitle}"',
        '    personalData: [name, company]',
        '    waitFor: contoso-dynamics',
      ),
    );

    expect(readConfigFile(path).destinations[1]).toEqual({
      name: 'sales-slack',
      type: 'chat',
      format: 'slack',
      urlEnv: 'SALES_SLACK_WEBHOOK_URL',
      title: '{FullName} of {UserDetails.Company} wants {OfferTitle}',
      personalData: ['name', 'company'],
      waitFor: { destination: 'contoso-dynamics', maxSeconds: DEFAULT_CHAT_WAIT_SECONDS },
    });
    expect(DEFAULT_CHAT_WAIT_SECONDS).toBe(600);
  });

  it('when the format, the URL variable or a kind of personal data is wrong, each is named with its line', () => {
    const path = files.write(
      'chat-shape.yaml',
      lines(
        'destinations:', // 1
        '  - name: sales-teams', // 2
        '    type: chat', // 3
        '    format: webex', // 4
        '    urlEnv: https://contoso.webhook.office.com/x', // 5
        '    personalData: [email, birthday]', // 6
      ),
    );

    const { problems } = problemsOf(path);

    expect(problems).toEqual([
      { path: 'destinations[0].format', line: 4, column: 5, message: expect.any(String) },
      { path: 'destinations[0].urlEnv', line: 5, column: 5, message: expect.any(String) },
      {
        path: 'destinations[0].personalData[1]',
        line: 6,
        column: 27,
        message: expect.stringContaining('name, email, phone'),
      },
    ]);
    expect(problems[0]?.message).toBe('"webex" is not allowed: use teams or slack');
  });

  it('when a template names personal data the file did not let into the channel, it says which kind to add', () => {
    const path = files.write(
      'chat-personal.yaml',
      lines(
        'destinations:', // 1
        '  - name: sales-teams', // 2
        '    type: chat', // 3
        '    format: teams', // 4
        '    urlEnv: SALES_TEAMS_WEBHOOK_URL', // 5
        '    personalData: [company]', // 6
        '    title: "{UserDetails.Company}: {userdetails.email}"', // 7
        '    text: "Call {UserDetails.Phone} about {Offer}"', // 8
      ),
    );

    expect(problemsOf(path).problems).toEqual([
      {
        path: 'destinations[0].title',
        line: 7,
        column: 5,
        message:
          'names {UserDetails.Email}, which is personal data: add email to personalData to post it to the channel',
      },
      {
        path: 'destinations[0].text',
        line: 8,
        column: 5,
        message: expect.stringContaining('unknown field "Offer"'),
      },
    ]);
  });

  it('when waitFor names no Dataverse destination, or waitForSeconds comes without it, each is reported', () => {
    const path = files.write(
      'chat-wait-wrong.yaml',
      lines(
        'destinations:', // 1
        '  - name: sales-email', // 2
        '    type: email', // 3
        '    smtpUrlEnv: SMTP_URL', // 4
        '    from: leads@contoso.example', // 5
        '    to: [sales@contoso.example]', // 6
        '  - name: sales-teams', // 7
        '    type: chat', // 8
        '    format: teams', // 9
        '    urlEnv: SALES_TEAMS_WEBHOOK_URL', // 10
        '    waitFor: sales-email', // 11
        '  - name: sales-slack', // 12
        '    type: chat', // 13
        '    format: slack', // 14
        '    urlEnv: SALES_SLACK_WEBHOOK_URL', // 15
        '    waitFor: contoso-dynamics', // 16
        '  - name: ops-slack', // 17
        '    type: chat', // 18
        '    format: slack', // 19
        '    urlEnv: OPS_SLACK_WEBHOOK_URL', // 20
        '    waitForSeconds: 30', // 21
      ),
    );

    expect(problemsOf(path).problems).toEqual([
      {
        path: 'destinations[1].waitFor',
        line: 11,
        column: 5,
        message:
          '"sales-email" is not a Dataverse destination: only a Dataverse record has a link to wait for',
      },
      {
        path: 'destinations[2].waitFor',
        line: 16,
        column: 5,
        message: '"contoso-dynamics" is not the name of a destination here',
      },
      {
        path: 'destinations[3].waitForSeconds',
        line: 21,
        column: 5,
        message: 'is only used with waitFor',
      },
    ]);
  });
});
