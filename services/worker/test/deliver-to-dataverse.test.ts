import { describeOrigin, parseLead } from '@leadbridge/lead-model';
import { compileMapping } from '@leadbridge/lead-model/mapping';
import { documentedExample } from '@leadbridge/test-support';
import { eventually, jobIn, startStack, type Stack, type StackOptions } from './stack';

// Each scenario runs the real path: ingest API → Redis → worker → msal-node → simulator (TLS).
jest.setTimeout(30_000);

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The columns the default mapping gives the lead stored under `id`. */
function expectedColumns(body: object, id: string) {
  const parsed = parseLead(body);
  if (!parsed.ok) throw new Error('fixture must be valid');
  const job = {
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
    leadId: id,
    receivedAt: '',
  };
  return compileMapping().mapping.map(job).columns;
}

async function recordOf(s: Stack, id: string) {
  return eventually(() => s.sim.leads().find((record) => record.leadid === id));
}

describe('a lead posted to the API reaches Dynamics', () => {
  it("writes Microsoft's example field by field, with the lead id as the record id", async () => {
    stack = await startStack();

    const id = await stack.post(documentedExample);

    const record = await recordOf(stack, id);
    const columns = expectedColumns(documentedExample, id);
    expect(record).toMatchObject({ leadid: id, ...columns });
    expect(record).toMatchObject({
      firstname: 'Some',
      lastname: 'One',
      emailaddress1: 'someone@contoso.com',
      telephone1: '16175555555',
      companyname: 'Contoso',
      jobtitle: 'Esquire',
      address1_country: 'USA',
      subject: 'Test Microsoft – Get it now / install (INS)',
    });
    const job = await jobIn(stack, id, 'completed');
    expect(job.returnvalue).toMatchObject({ recordId: id, created: true });
  });

  it('cuts over-long values to their columns and keeps them whole in the description', async () => {
    stack = await startStack();
    const company = `Contoso ${'Holdings '.repeat(20)}`.trim();

    const id = await stack.post({
      ...documentedExample,
      UserDetails: { ...documentedExample.UserDetails, Company: company },
    });

    const record = await recordOf(stack, id);
    expect(String(record.companyname)).toHaveLength(100);
    expect(record.description).toContain(`Company (in full): ${company}`);
  });

  it("keeps a first name over 50 characters whole when Microsoft's description is 2,500 characters", async () => {
    stack = await startStack();
    const firstName = `Maximiliana-Theodora ${'von '.repeat(9)}Habsburg`;
    expect(firstName.length).toBeGreaterThan(50);

    const id = await stack.post({
      ...documentedExample,
      Description: 'Please call about pricing. '.repeat(100).slice(0, 2_500),
      UserDetails: { ...documentedExample.UserDetails, FirstName: firstName },
    });

    const record = await recordOf(stack, id);
    const description = String(record.description);
    expect(description).toHaveLength(2000);
    expect(description).toContain(`Leadbridge lead id: ${id}`);
    expect(description).toContain(`FirstName (in full): ${firstName}`);
    expect(description).toMatch(/\n\nPlease call about pricing\. .*…$/s);
  });

  it('writes the same lead posted twice only once', async () => {
    stack = await startStack();

    const first = await stack.post(documentedExample);
    const second = await stack.post(documentedExample);
    await recordOf(stack, first);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(second).toBe(first);
    expect(stack.sim.leads()).toHaveLength(1);
  });

  it('writes one record when the connection drops after Dataverse stored it', async () => {
    stack = await startStack();
    stack.sim.faults.set({ dropAfterWrite: 1 });

    const id = await stack.post(documentedExample);

    const job = await jobIn(stack, id, 'completed');
    expect(job.returnvalue).toMatchObject({ recordId: id, created: false });
    expect(job.attemptsMade).toBeGreaterThanOrEqual(2);
    expect(stack.sim.leads()).toHaveLength(1);
  });

  it('when Dataverse answers 429 with Retry-After 2, the lead is written after the wait and exactly once', async () => {
    stack = await startStack();
    stack.sim.faults.set({ throttle: { retryAfterSeconds: 2, remaining: 3 } });
    const started = Date.now();

    const id = await stack.post(documentedExample);

    await recordOf(stack, id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(stack.sim.leads()).toHaveLength(1);
    const job = await stack.deliveries.getJob(id);
    // Waiting out throttling spends no attempt.
    expect(job?.attemptsMade).toBeLessThanOrEqual(1);
  });

  describe.each([
    ['in seconds', false],
    ['as an HTTP date', true],
  ])('a Retry-After %s outside what a pause allows', (_form, asHttpDate) => {
    /** Delivers a lead while Dataverse answers the first request with this Retry-After. */
    async function deliverThrottled(retryAfterSeconds: number, options: StackOptions = {}) {
      stack = await startStack(options);
      stack.sim.faults.set({ throttle: { retryAfterSeconds, remaining: 1, asHttpDate } });
      const started = Date.now();
      const job = await jobIn(stack, await stack.post(documentedExample), 'completed');
      return { waitedMs: Date.now() - started, attempts: job.attemptsMade, logs: stack.logs };
    }

    it('of 0 pauses the destination for 1 s, spends no attempt, and is logged', async () => {
      const { waitedMs, attempts, logs } = await deliverThrottled(0);

      expect(waitedMs).toBeGreaterThanOrEqual(1_000);
      expect(attempts).toBeLessThanOrEqual(1);
      expect(logs.entries()).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'Retry-After shorter than 1 s: pausing the destination for 1 s',
          retryAfterMs: 0,
          pauseMs: 1_000,
        }),
      );
    });

    it('of a day pauses the destination no longer than the configured maximum, and is logged', async () => {
      const { waitedMs, attempts, logs } = await deliverThrottled(86_400, {
        retryAfterMaxMs: 2_000,
      });

      expect(waitedMs).toBeGreaterThanOrEqual(2_000);
      expect(attempts).toBeLessThanOrEqual(1);
      expect(logs.entries()).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message:
            'Retry-After longer than RETRY_AFTER_MAX_SECONDS: pausing the destination for that long',
          retryAfterMs: expect.any(Number),
          pauseMs: 2_000,
        }),
      );
    });
  });

  it('writes every lead once Dataverse recovers from a 503 outage of several seconds', async () => {
    stack = await startStack();
    stack.sim.faults.set({ outage: { status: 503, durationMs: 3_000 } });

    const ids = await Promise.all(
      ['INS', 'PLT', 'DNC', 'Create', 'StartTestDrive'].map((ActionCode) =>
        stack!.post({ ...documentedExample, ActionCode }),
      ),
    );

    await eventually(() => stack!.sim.leads().length === ids.length, 15_000);
    expect(
      stack.sim
        .leads()
        .map((record) => record.leadid)
        .sort(),
    ).toEqual([...ids].sort());
    expect(stack.sim.stats()).toBeDefined();
  });

  it('gets a new token when the old one is revoked, and writes the lead', async () => {
    stack = await startStack();
    const first = await stack.post(documentedExample);
    await recordOf(stack, first);

    stack.sim.revokeTokens();
    const second = await stack.post({ ...documentedExample, ActionCode: 'PLT' });

    await recordOf(stack, second);
    expect(stack.sim.leads()).toHaveLength(2);
  });

  it('fails a lead at once on a permanent error, keeps the reason, and writes it when retried after the fix', async () => {
    stack = await startStack();
    stack.sim.faults.set({ denyPrivilege: true });

    const id = await stack.post(documentedExample);

    const failed = await jobIn(stack, id, 'failed');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(
      /^writing the lead: Dataverse answered 403 \(0x80040220\): .*privilege/,
    );
    expect(failed.data.lead.UserDetails.Email).toBe('someone@contoso.com');
    expect(stack.sim.leads()).toHaveLength(0);

    stack.sim.faults.reset();
    await failed.retry();

    await recordOf(stack, id);
    expect(stack.sim.leads()).toHaveLength(1);
  });

  it("keeps a plug-in's refusal as the failed reason, without the e-mail address or phone it quoted", async () => {
    stack = await startStack();
    stack.sim.faults.set({ pluginRefuses: true });

    const id = await stack.post(documentedExample);

    const failed = await jobIn(stack, id, 'failed');
    expect(failed.failedReason).toMatch(
      /^writing the lead: Dataverse answered 400 \(0x80040265\): Contoso\.Plugins\.LeadGuard: a contact with e-mail \[redacted\] and phone \[redacted\] already exists/,
    );
    // What Redis keeps of the failure, the dashboard shows, and the logs.
    const kept = JSON.stringify({ reason: failed.failedReason, stack: failed.stacktrace });
    for (const text of [kept, stack.logs.text()]) {
      expect(text).toContain('0x80040265');
      expect(text).not.toContain('someone@contoso.com');
      expect(text).not.toContain('16175555555');
    }
  });

  it('never logs personal data while delivering', async () => {
    stack = await startStack();
    stack.sim.faults.set({ throttle: { retryAfterSeconds: 1, remaining: 1 } });

    const id = await stack.post(documentedExample);
    await recordOf(stack, id);

    const text = stack.logs.text();
    expect(text).toContain(id);
    for (const personal of [
      'someone@contoso.com',
      '16175555555',
      '"Some"',
      '"One"',
      stack.sim.clientSecret,
    ]) {
      expect(text).not.toContain(personal);
    }
  });
});
