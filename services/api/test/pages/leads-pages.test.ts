import { randomUUID } from 'node:crypto';
import { destinationQueueName, type DestinationJobData } from '@leadbridge/lead-model';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import request from 'supertest';
import type { LeadActionEvent } from '../../src/admin/pages/lead-action-record';
import { ADMIN, SECRET, startApi, type ApiUnderTest } from '../harness';
import { FakeActivityReader, summary } from './fake-activity-reader';
import { failJob } from './fail-job';

const VIEWER = { user: 'support', password: 'viewer passphrase for tests' };
const PERSON = {
  FirstName: 'Marguerite',
  LastName: 'Okonkwo-Lindqvist',
  Email: 'marguerite.okonkwo@fabrikam.example',
  Phone: '+44 20 7946 0958',
  Company: 'Fabrikam Widgets',
};
const personalLead = {
  ...documentedExample,
  UserDetails: { ...documentedExample.UserDetails, ...PERSON },
};

let api: ApiUnderTest;
let activity: FakeActivityReader;
let deliveries: Queue<DestinationJobData>;
let deliveriesPrefix: string;
let actions: LeadActionEvent[];

function start(options: { readOnly?: boolean; withActivity?: boolean } = {}): void {
  activity = new FakeActivityReader();
  actions = [];
  deliveriesPrefix = `test-${randomUUID()}`;
  deliveries = new Queue<DestinationJobData>(destinationQueueName('dynamics'), {
    connection: { url: testRedisUrl() },
    prefix: deliveriesPrefix,
  });
  api = startApi(undefined, {
    readOnly: options.readOnly ?? false,
    admin: {
      viewer: VIEWER,
      destinationQueues: [deliveries],
      ...(options.withActivity === false ? {} : { activity }),
      onLeadAction: async (event) => {
        actions.push(event);
      },
    },
  });
}

afterEach(async () => {
  await api.close();
  await deliveries.obliterate({ force: true });
  await deliveries.close();
});

const asOperator = (path: string) => request(api.admin).get(path).auth(ADMIN.user, ADMIN.password);
const asViewer = (path: string) => request(api.admin).get(path).auth(VIEWER.user, VIEWER.password);
const post = (path: string, who: { user: string; password: string }, form: object = {}) =>
  request(api.admin).post(path).auth(who.user, who.password).type('form').send(form);

async function postLead(body: object = personalLead): Promise<string> {
  const response = await request(api.app).post(`/leads?code=${SECRET}`).send(body);
  return (response.body as { id: string }).id;
}

/** A lead whose delivery to `dynamics` gave up: its job there has failed, as the page says. */
async function leadThatFailedToDeliver(): Promise<string> {
  const id = await postLead();
  const job = await api.queue.getJob(id);
  await deliveries.add('deliver', { ...job!.data, destination: 'dynamics' }, { jobId: id });
  await failJob(deliveries, id, deliveriesPrefix);
  activity.add(
    summary(id, {
      state: 'failed',
      destinations: [
        { name: 'dynamics', state: 'failed', attempts: 3, lastError: 'Dataverse answered 400' },
      ],
    }),
  );
  return id;
}

describe('the leads list', () => {
  beforeEach(() => start());

  it('shows the operator each lead with its contact’s name, company and e-mail', async () => {
    const id = await postLead();
    activity.add(summary(id));

    const page = await asOperator('/leads');

    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain(`href="/leads/${id}"`);
    expect(page.text).toContain('Marguerite Okonkwo-Lindqvist');
    expect(page.text).toContain(PERSON.Company);
    expect(page.text).toContain(PERSON.Email);
    expect(page.text).toContain('<span class="badge delivered">delivered</span>');
  });

  it('shows the viewer the same leads with no name, company or e-mail address in the page', async () => {
    const id = await postLead();
    activity.add(summary(id));

    const page = await asViewer('/leads');

    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/leads/${id}"`);
    expect(page.text).toContain('[hidden from viewers]');
    for (const value of Object.values(PERSON)) expect(page.text).not.toContain(value);
  });

  it('asks the reader for exactly what the filter form chose, and keeps the filters when paging', async () => {
    for (let n = 0; n < 120; n++) {
      activity.add(
        summary(`lead-${n}`, {
          state: 'failed',
          receivedAt: new Date(Date.UTC(2026, 10, 1 + (n % 28))).toISOString(),
        }),
      );
    }

    const page = await asOperator(
      '/leads?state=failed&destination=dynamics&offer=Test+Microsoft&action=INS&test=exclude' +
        '&from=2026-11-01&to=2026-11-30&page=2',
    );

    expect(page.status).toBe(200);
    expect(activity.listCalls).toEqual([
      {
        filter: {
          state: 'failed',
          destination: 'dynamics',
          offer: 'Test Microsoft',
          actionCode: 'INS',
          testLeads: 'exclude',
          from: new Date('2026-11-01T00:00:00.000Z'),
          // The form's last day is included.
          to: new Date('2026-12-01T00:00:00.000Z'),
        },
        page: { page: 2, size: 50 },
      },
    ]);
    const kept =
      'state=failed&amp;destination=dynamics&amp;offer=Test+Microsoft&amp;action=INS&amp;' +
      'test=exclude&amp;from=2026-11-01&amp;to=2026-11-30';
    expect(page.text).toContain(`href="/leads?${kept}&amp;page=3" rel="next"`);
    expect(page.text).toContain(`href="/leads?${kept}" rel="prev"`);
    expect(page.text).toContain('Page 2 of 3');
    expect(page.text).toContain('<option selected>failed</option>');
  });

  it('explains an empty list, and one that no lead matches', async () => {
    const empty = await asOperator('/leads');
    activity.add(summary(randomUUID()));
    const narrowed = await asOperator('/leads?offer=Nothing+Like+It');

    expect(empty.text).toContain('No leads yet');
    expect(narrowed.text).toContain('No lead matches these filters');
    expect(narrowed.text).toContain('<option selected>Nothing Like It</option>');
  });

  it('finds the leads of an address the operator posts, in any letter case, on the answer itself', async () => {
    const id = await postLead();
    activity.add(summary(id), summary(randomUUID()));

    const page = await post('/leads/search', ADMIN, { email: PERSON.Email.toUpperCase() });

    expect(page.status).toBe(200);
    expect(page.headers.location).toBeUndefined();
    expect(page.headers['cache-control']).toBe('no-store');
    expect(activity.listCalls[0]?.filter.ids).toEqual([id]);
    expect(page.text).toContain(`href="/leads/${id}"`);
    expect(page.text).toContain('All 1 lead received from this address');
    expect(page.text).not.toContain('rel="next"');
  });

  it('never searches an address put in the list’s URL, and offers the operator the POST form', async () => {
    const id = await postLead();
    activity.add(summary(id));

    const page = await asOperator(`/leads?q=${encodeURIComponent(PERSON.Email)}`);

    expect(page.status).toBe(200);
    expect(page.text).toContain('keeps them out of URLs; nothing was searched');
    expect(page.text).toContain(
      '<form class="filters email-search" method="post" action="/leads/search">',
    );
    expect(activity.listCalls).toEqual([]);
  });

  it('tells a viewer who searches by e-mail address that only operators may, and refuses the POST', async () => {
    const id = await postLead();
    activity.add(summary(id));

    const page = await asViewer(`/leads?q=${encodeURIComponent(PERSON.Email)}`);
    const posted = await post('/leads/search', VIEWER, { email: PERSON.Email });

    expect(page.status).toBe(200);
    expect(page.text).toContain('Only operators can search by e-mail address');
    expect(page.text).not.toContain('action="/leads/search"');
    expect(posted.status).toBe(403);
    expect(posted.text).not.toContain(id);
    expect(activity.listCalls.every((call) => call.filter.ids === undefined)).toBe(true);
  });

  it('opens the lead when the search is a lead id', async () => {
    const id = randomUUID();

    const page = await asViewer(`/leads?q=${id.toUpperCase()}`);

    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/leads/${id}`);
  });

  it('shows a hostile offer name as text, never as markup', async () => {
    const id = await postLead();
    activity.add(summary(id, { offer: '<img src=x onerror=alert(1)>' }));

    const list = await asOperator('/leads');
    const lead = await asOperator(`/leads/${id}`);

    for (const page of [list, lead]) {
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});

describe('a lead’s page', () => {
  beforeEach(() => start());

  it('shows the operator the timeline, the contact, the record in Dynamics 365 and the jobs', async () => {
    const id = await postLead();
    activity.add(
      summary(id, {
        destinations: [
          {
            name: 'dynamics',
            state: 'delivered',
            attempts: 2,
            recordUrl: 'https://contoso.crm.dynamics.com/main.aspx?etn=lead&id=42',
          },
        ],
      }),
    );
    activity.timelines.set(id, [
      {
        at: '2026-11-20T10:00:00.000Z',
        kind: 'received',
        source: 'csv',
        actionCode: 'INS',
        imported: { file: 'leads-november.csv', line: 17 },
      },
      {
        at: '2026-11-20T10:00:01.000Z',
        kind: 'routed',
        destinations: ['dynamics'],
        reason: 'rule "all"',
      },
      {
        at: '2026-11-20T10:00:02.000Z',
        kind: 'attempt',
        destination: 'dynamics',
        attempt: 1,
        outcome: 'retrying',
        reason: 'Dataverse answered 503',
      },
      {
        at: '2026-11-20T10:00:09.000Z',
        kind: 'attempt',
        destination: 'dynamics',
        attempt: 2,
        outcome: 'delivered',
        recordUrl: 'https://contoso.crm.dynamics.com/main.aspx?etn=lead&id=42',
        messageId: '<m-1@leadbridge>',
      },
    ]);

    const page = await asOperator(`/leads/${id}`);

    expect(page.status).toBe(200);
    expect(page.text).toMatch(/leads-november\.csv<\/strong>,\s+line\s+17/);
    expect(page.text).toContain('rule &quot;all&quot;');
    expect(page.text).toContain('Dataverse answered 503');
    expect(page.text).toContain(
      'href="https://contoso.crm.dynamics.com/main.aspx?etn=lead&amp;id=42"',
    );
    expect(page.text).toContain('&lt;m-1@leadbridge&gt;');
    expect(page.text).toContain(`href="/queues/queue/leadbridge-to-dynamics/${id}"`);
    expect(page.text).toContain(`href="/queues/queue/leadbridge-leads/${id}"`);
    expect(page.text).toContain(PERSON.Email);
    expect(page.text).toContain(PERSON.Phone);
  });

  it('shows the viewer the lead with every contact detail masked', async () => {
    const id = await postLead();
    activity.add(summary(id));

    const page = await asViewer(`/leads/${id}`);

    expect(page.status).toBe(200);
    expect(page.text).toContain('[hidden from viewers]');
    for (const value of Object.values(PERSON)) expect(page.text).not.toContain(value);
  });

  it('answers 404 with a page for a lead it does not know', async () => {
    const page = await asOperator(`/leads/${randomUUID()}`);

    expect(page.status).toBe(404);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('No lead with that id');
  });
});

describe('retrying and replaying from a lead’s page', () => {
  it('retries the failed delivery when the operator presses Retry, and writes an audit line', async () => {
    start();
    const id = await leadThatFailedToDeliver();

    const page = await asOperator(`/leads/${id}`);
    const retry = await post(`/leads/${id}/retry`, ADMIN, { destination: 'dynamics' });
    const after = await asOperator(retry.headers.location ?? '');

    expect(page.text).toContain(`action="/leads/${id}/retry"`);
    expect(retry.status).toBe(303);
    expect(retry.headers.location).toBe(`/leads/${id}?done=retried&destination=dynamics`);
    expect(await deliveries.getJobState(id)).toBe('waiting');
    expect(api.logs.entries()).toContainEqual(
      expect.objectContaining({
        message: 'audit: retry',
        audit: true,
        actor: ADMIN.user,
        action: 'retry',
        leadId: id,
        destination: 'dynamics',
      }),
    );
    expect(actions).toEqual([
      {
        kind: 'retried',
        leadId: id,
        destination: 'dynamics',
        by: ADMIN.user,
        at: expect.any(String),
      },
    ]);
    expect(after.text).toContain('The delivery to dynamics will be tried again.');
  });

  it('replays an unmatched lead: its routing job is tried again', async () => {
    start();
    const id = await postLead();
    await failJob(api.queue, id, api.prefix);
    activity.add(summary(id, { state: 'unmatched', destinations: [] }));

    const page = await asOperator(`/leads/${id}`);
    const replay = await post(`/leads/${id}/replay`, ADMIN);

    expect(page.text).toContain(`action="/leads/${id}/replay"`);
    expect(replay.status).toBe(303);
    expect(await api.queue.getJobState(id)).toBe('waiting');
    expect(api.logs.entries()).toContainEqual(
      expect.objectContaining({ message: 'audit: replay', action: 'replay', leadId: id }),
    );
  });

  it('says so, and changes nothing, when the delivery has not failed', async () => {
    start();
    const id = await postLead();
    const job = await api.queue.getJob(id);
    await deliveries.add('deliver', { ...job!.data, destination: 'dynamics' }, { jobId: id });

    const retry = await post(`/leads/${id}/retry`, ADMIN, { destination: 'dynamics' });

    expect(retry.headers.location).toBe(`/leads/${id}?done=not-failed&destination=dynamics`);
    expect(await deliveries.getJobState(id)).toBe('waiting');
    expect(api.logs.text()).not.toContain('"audit":true');
  });

  it('shows the viewer no buttons and refuses the viewer’s POST before it reaches the page', async () => {
    start();
    const id = await leadThatFailedToDeliver();

    const page = await asViewer(`/leads/${id}`);
    const retry = await post(`/leads/${id}/retry`, VIEWER, { destination: 'dynamics' });
    const replay = await post(`/leads/${id}/replay`, VIEWER);

    expect(page.text).not.toContain('<button type="submit">Retry');
    expect(page.text).not.toContain('/retry"');
    for (const refused of [retry, replay]) {
      expect(refused.status).toBe(403);
      // JSON, from the listener's read-only guard: the pages' own check would answer in HTML.
      expect(refused.body.error.code).toBe('READ_ONLY');
    }
    expect(await deliveries.getJobState(id)).toBe('failed');
    expect(actions).toEqual([]);
  });

  it('shows a read-only operator no buttons and refuses the POST', async () => {
    start({ readOnly: true });
    const id = await leadThatFailedToDeliver();

    const page = await asOperator(`/leads/${id}`);
    const retry = await post(`/leads/${id}/retry`, ADMIN, { destination: 'dynamics' });

    expect(page.status).toBe(200);
    expect(page.text).not.toContain('/retry"');
    expect(retry.status).toBe(403);
    expect(await deliveries.getJobState(id)).toBe('failed');
  });

  it('still lets a read-only operator search by e-mail address, which changes nothing', async () => {
    start({ readOnly: true });
    const id = await postLead();
    activity.add(summary(id));

    const page = await post('/leads/search', ADMIN, { email: PERSON.Email });

    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/leads/${id}"`);
  });
});

describe('the overview', () => {
  beforeEach(() => start());

  it('draws the charts as inline SVG and counts the queues now', async () => {
    await postLead();
    activity.overviewData = {
      days: ['2026-11-29', '2026-11-30'],
      byOffer: { 'Test Microsoft': [3, 1], '<Other & co>': [0, 2] },
      byAction: { INS: [3, 3] },
      latency: [
        { day: '2026-11-29', p50Ms: 1200, p95Ms: 4800 },
        { day: '2026-11-30', p50Ms: null, p95Ms: null },
      ],
      failuresByReason: { 'Dataverse answered 400': 2 },
    };

    const page = await asOperator('/overview?days=90');

    expect(page.status).toBe(200);
    expect(activity.overviewDays).toEqual([90]);
    expect(page.text.match(/<svg\s+xmlns="http:\/\/www.w3.org\/2000\/svg"/g)).toHaveLength(4);
    expect(page.text).toContain('<title>2026-11-29 · Test Microsoft: 3</title>');
    expect(page.text).toContain('<title>2026-11-29 · p95: 4.8 s</title>');
    expect(page.text).toContain('&lt;Other &amp; co&gt;');
    expect(page.text).toContain('<title>Dataverse answered 400: 2</title>');
    expect(page.text).toContain('href="/overview?days=30"');
    expect(page.text).toMatch(
      /<a href="\/queues\/queue\/leadbridge-leads">leadbridge-leads<\/a><\/th>\s*<td class="num">1<\/td>/,
    );
    expect(page.text).not.toContain('<script');
  });
});

describe('the leads pages without the lead activity', () => {
  it('says plainly that there is nothing to read, and keeps the dashboard working', async () => {
    start({ withActivity: false });

    const home = await asOperator('/');
    const leads = await asOperator('/leads');
    const overview = await asOperator('/overview');

    expect(home.status).toBe(302);
    expect(home.headers.location).toBe('/leads');
    for (const page of [leads, overview]) {
      expect(page.status).toBe(503);
      expect(page.type).toBe('text/html');
      expect(page.text).toContain('no lead activity to read');
    }
    expect((await asOperator('/queues')).status).toBe(200);
  });
});
