import { withoutPersonalData, type LeadJobData } from '@leadbridge/lead-model';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import request from 'supertest';
import { ADMIN, SECRET, startApi, type ApiUnderTest } from './harness';

let api: ApiUnderTest;

afterEach(async () => {
  await api.close();
});

const asAdmin = (path: string) => request(api.admin).get(path).auth(ADMIN.user, ADMIN.password);

async function postLead(body: object = documentedExample): Promise<string> {
  const response = await request(api.app).post(`/leads?code=${SECRET}`).send(body);
  return (response.body as { id: string }).id;
}

describe('the admin listener', () => {
  beforeEach(() => {
    api = startApi();
  });

  it.each([
    '/',
    '/queues',
    '/queues/api/queues',
    '/api/leads/x',
    '/api/leads?email=a@b.c',
    '/metrics',
  ])('refuses %s without credentials, asking for basic auth', async (path) => {
    const response = await request(api.admin).get(path);

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Basic realm="Leadbridge admin"/);
  });

  it('refuses a wrong password and a wrong user', async () => {
    expect((await request(api.admin).get('/queues').auth(ADMIN.user, 'wrong')).status).toBe(401);
    expect((await request(api.admin).get('/queues').auth('root', ADMIN.password)).status).toBe(401);
  });

  it('refuses every sign-in from an address past 20 wrong passwords a minute, the right one too', async () => {
    for (let n = 0; n < 20; n++) {
      const wrong = await request(api.admin).get('/queues').auth(ADMIN.user, `guess-${n}`);
      expect(wrong.status).toBe(401);
    }

    const tooMany = await request(api.admin).get('/queues').auth(ADMIN.user, 'guess-20');
    const right = await asAdmin('/queues');

    expect(tooMany.status).toBe(429);
    expect(Number(tooMany.headers['retry-after'])).toBeGreaterThan(0);
    expect(tooMany.body.error.code).toBe('TOO_MANY_FAILURES');
    expect(right.status).toBe(429);
  });

  it('still lets the admin in from another address behind a trusted proxy', async () => {
    await api.close();
    api = startApi(undefined, { admin: { trustProxy: 'loopback' } });
    const from = (address: string, password: string) =>
      request(api.admin).get('/queues').set('X-Forwarded-For', address).auth(ADMIN.user, password);
    for (let n = 0; n <= 20; n++) await from('203.0.113.7', `guess-${n}`);

    expect((await from('203.0.113.7', ADMIN.password)).status).toBe(429);
    expect((await from('198.51.100.2', ADMIN.password)).status).toBe(200);
  });

  it("does not count a browser's first request without credentials as a failure", async () => {
    for (let n = 0; n < 30; n++) expect((await request(api.admin).get('/queues')).status).toBe(401);

    expect((await asAdmin('/queues')).status).toBe(200);
  });

  it('serves the dashboard with security headers to the admin', async () => {
    const response = await asAdmin('/queues');

    expect(response.status).toBe(200);
    expect(response.text).toContain('Leadbridge');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'self'");
  });

  it('shows the lead queue and its jobs in the dashboard API', async () => {
    const id = await postLead();

    const response = await asAdmin(
      '/queues/api/queues?activeQueue=leadbridge-leads&status=waiting',
    );

    expect(response.status).toBe(200);
    const queue = response.body.queues.find((q: { name: string }) => q.name === 'leadbridge-leads');
    expect(queue.readOnlyMode).toBe(false);
    expect(queue.jobs.map((job: { id: string }) => job.id)).toContain(id);
  });

  it('finds a lead by id and says where it is, without contact details', async () => {
    const id = await postLead();

    const response = await asAdmin(`/api/leads/${id}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id,
      state: 'received',
      receivedAt: expect.any(String),
      offer: 'Test Microsoft',
      actionCode: 'INS',
      isTestLead: false,
      routing: { state: 'waiting' },
      deliveries: [],
    });
  });

  it('answers 404 for an unknown lead id', async () => {
    const response = await asAdmin('/api/leads/00000000-0000-5000-8000-000000000000');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('LEAD_NOT_FOUND');
  });

  it('finds leads by e-mail address in any letter case', async () => {
    const first = await postLead();
    const second = await postLead({ ...documentedExample, ActionCode: 'PLT' });
    await postLead({ ...documentedExample, UserDetails: { Email: 'other@contoso.com' } });

    const response = await asAdmin('/api/leads?email=SomeOne@Contoso.com');

    expect(response.status).toBe(200);
    expect(response.body.leads.map((lead: { id: string }) => lead.id).sort()).toEqual(
      [first, second].sort(),
    );
  });

  it('keeps no e-mail address in clear text in the lookup index', async () => {
    await postLead();
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`${api.prefix}:leadbridge:*`);
      expect(keys.length).toBeGreaterThan(0);
      const contents = await Promise.all(
        keys.map(
          async (key) =>
            `${key} ${(await redis.type(key)) === 'set' ? (await redis.smembers(key)).join(' ') : ''}`,
        ),
      );
      expect(contents.join('\n')).not.toMatch(/someone@contoso\.com/i);
    } finally {
      redis.disconnect();
    }
  });

  it('exposes Prometheus metrics: leads received by outcome and queue depth by state', async () => {
    await postLead();
    await postLead();
    await request(api.app).post('/leads?code=wrong').send(documentedExample);

    const response = await asAdmin('/metrics');

    expect(response.status).toBe(200);
    expect(response.text).toContain('leadbridge_leads_received_total{outcome="accepted"} 1');
    expect(response.text).toContain('leadbridge_leads_received_total{outcome="duplicate"} 1');
    expect(response.text).toContain('leadbridge_leads_received_total{outcome="unauthorized"} 1');
    expect(response.text).toContain(
      'leadbridge_queue_jobs{queue="leadbridge-leads",state="waiting"} 1',
    );
    expect(response.text).toContain(
      'leadbridge_queue_jobs{queue="leadbridge-to-dynamics",state="waiting"} 0',
    );
    expect(response.text).toContain('process_resident_memory_bytes');
  });
});

const VIEWER = { user: 'support', password: 'viewer passphrase for tests' };
const asViewer = (path: string) => request(api.admin).get(path).auth(VIEWER.user, VIEWER.password);

// A customer whose every personal value is easy to spot anywhere in an answer.
const PERSON = {
  FirstName: 'Marguerite',
  LastName: 'Okonkwo-Lindqvist',
  Email: 'marguerite.okonkwo@fabrikam.example',
  Phone: '+44 20 7946 0958',
};
const PERSONAL_VALUES = [...Object.values(PERSON), '7946', 'Fabrikam private note'];
const personalLead = {
  ...documentedExample,
  UserDetails: { ...documentedExample.UserDetails, ...PERSON },
  Description: 'Fabrikam private note',
};

describe('an operator and a viewer on the admin listener', () => {
  beforeEach(() => {
    api = startApi(undefined, { admin: { viewer: VIEWER } });
  });

  const leadQueueJobs = '/queues/api/queues?activeQueue=leadbridge-leads&status=waiting';
  const jobsOf = (body: { queues: { name: string; jobs: unknown[] }[] }) =>
    body.queues.find((queue) => queue.name === 'leadbridge-leads')?.jobs ?? [];

  it('shows the viewer the jobs and their states with names, e-mail, phone and the raw body hidden', async () => {
    const id = await postLead(personalLead);

    const list = await asViewer(leadQueueJobs);
    const one = await asViewer(`/queues/api/queues/leadbridge-leads/${id}`);

    expect(list.status).toBe(200);
    const [job] = jobsOf(list.body) as { id: string; data: LeadJobData }[];
    expect(job?.id).toBe(id);
    expect(job?.data).toMatchObject({
      leadId: id,
      receivedAt: expect.any(String),
      rawBody: '[hidden from viewers]',
      origin: { actionCode: 'INS', source: 'AzureMarketplace', isTestLead: false },
      lead: {
        ActionCode: 'INS',
        OfferTitle: 'Test Microsoft',
        Description: '[hidden from viewers]',
        UserDetails: {
          FirstName: '[hidden from viewers]',
          LastName: '[hidden from viewers]',
          Email: '[hidden from viewers]',
          Phone: '[hidden from viewers]',
        },
      },
    });
    expect(one.status).toBe(200);
    expect(one.body.job.data.lead.UserDetails.Email).toBe('[hidden from viewers]');
    for (const answer of [list.text, one.text]) {
      for (const value of PERSONAL_VALUES) expect(answer).not.toContain(value);
    }
  });

  it('hides from the viewer any job data it does not know, such as a field edited in', async () => {
    await api.queue.add('deliver', {
      leadId: 'edited',
      note: PERSON.Email,
      lead: { UserDetails: { Nickname: PERSON.FirstName }, Tags: [PERSON.Phone] },
    } as unknown as LeadJobData);

    const list = await asViewer(leadQueueJobs);

    const [job] = jobsOf(list.body) as { data: unknown }[];
    expect(job?.data).toEqual({
      leadId: 'edited',
      note: '[hidden from viewers]',
      lead: { UserDetails: { Nickname: '[hidden from viewers]' }, Tags: '[hidden from viewers]' },
    });
  });

  it('shows the viewer when a lead’s personal data was removed', async () => {
    const id = await postLead(personalLead);
    const job = await api.queue.getJob(id);
    const removedAt = new Date('2025-03-01T02:00:00.000Z');
    await job?.updateData(withoutPersonalData(job.data, removedAt, 'Dataverse said no'));

    const one = await asViewer(`/queues/api/queues/leadbridge-leads/${id}`);

    expect(one.status).toBe(200);
    expect(one.body.job.data).toMatchObject({
      leadId: id,
      personalDataRemoved: '2025-03-01T02:00:00.000Z',
    });
  });

  it('shows the operator the whole lead', async () => {
    const id = await postLead(personalLead);

    const list = await asAdmin(leadQueueJobs);

    const [job] = jobsOf(list.body) as { id: string; data: LeadJobData }[];
    expect(job?.id).toBe(id);
    expect(job?.data.lead.UserDetails).toMatchObject(PERSON);
    expect(job?.data.rawBody).toContain(PERSON.Email);
  });

  it('tells the dashboard the viewer may not retry, and the operator may', async () => {
    await postLead();

    const viewer = await asViewer(leadQueueJobs);
    const operator = await asAdmin(leadQueueJobs);

    const leadQueue = (body: { queues: { name: string }[] }) =>
      body.queues.find((queue) => queue.name === 'leadbridge-leads');
    expect(leadQueue(viewer.body)).toMatchObject({ readOnlyMode: true, allowRetries: false });
    expect(leadQueue(operator.body)).toMatchObject({ readOnlyMode: false, allowRetries: true });
  });

  it.each([
    ['retry the job', (id: string) => `/queues/api/queues/leadbridge-leads/${id}/retry`],
    ['promote the job', (id: string) => `/queues/api/queues/leadbridge-leads/${id}/promote`],
    ['remove the job', (id: string) => `/queues/api/queues/leadbridge-leads/${id}/clean`],
    ['retry all failed', () => '/queues/api/queues/leadbridge-leads/retry/failed'],
    ['clean all waiting', () => '/queues/api/queues/leadbridge-leads/clean/waiting'],
    ['empty the queue', () => '/queues/api/queues/leadbridge-leads/empty'],
    ['pause every queue', () => '/queues/api/queues/pause'],
  ])('refuses the viewer who asks the server to %s, and changes nothing', async (_what, path) => {
    const id = await postLead();

    const response = await request(api.admin).put(path(id)).auth(VIEWER.user, VIEWER.password);

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('READ_ONLY');
    expect(await api.queue.getJobState(id)).toBe('waiting');
    expect(await api.queue.isPaused()).toBe(false);
  });

  it('lets the operator remove a job the viewer could not', async () => {
    const id = await postLead();

    const response = await request(api.admin)
      .put(`/queues/api/queues/leadbridge-leads/${id}/clean`)
      .auth(ADMIN.user, ADMIN.password);

    expect(response.status).toBe(204);
    expect(await api.queue.getJob(id)).toBeUndefined();
  });

  it('refuses a viewer with the wrong password, and the viewer user with the operator password', async () => {
    expect((await request(api.admin).get('/queues').auth(VIEWER.user, 'wrong')).status).toBe(401);
    expect((await request(api.admin).get('/queues').auth(VIEWER.user, ADMIN.password)).status).toBe(
      401,
    );
  });

  it('refuses the viewer a search by e-mail address, which would tell who sent leads', async () => {
    await postLead(personalLead);

    const viewer = await asViewer(`/api/leads?email=${PERSON.Email}`);
    const operator = await asAdmin(`/api/leads?email=${PERSON.Email}`);

    expect(viewer.status).toBe(403);
    expect(viewer.body.error.code).toBe('OPERATOR_ONLY');
    expect(viewer.text).not.toContain('Test Microsoft');
    expect(operator.status).toBe(200);
    expect(operator.body.leads).toHaveLength(1);
  });

  it('lets the viewer look a lead up and read the metrics', async () => {
    const id = await postLead();

    expect((await asViewer(`/api/leads/${id}`)).body.state).toBe('received');
    expect((await asViewer('/metrics')).status).toBe(200);
  });
});

describe('a read-only admin listener', () => {
  it('tells the dashboard it is read-only', async () => {
    api = startApi(undefined, { readOnly: true });
    await postLead();

    const response = await asAdmin(
      '/queues/api/queues?activeQueue=leadbridge-leads&status=waiting',
    );

    const queue = response.body.queues.find((q: { name: string }) => q.name === 'leadbridge-leads');
    expect(queue.readOnlyMode).toBe(true);
  });

  it('refuses the operator any change too', async () => {
    api = startApi(undefined, { readOnly: true });
    const id = await postLead();

    const response = await request(api.admin)
      .put(`/queues/api/queues/leadbridge-leads/${id}/clean`)
      .auth(ADMIN.user, ADMIN.password);

    expect(response.status).toBe(403);
    expect(await api.queue.getJobState(id)).toBe('waiting');
  });
});
