import { parseLead, describeOrigin, type LeadJobData } from '@leadbridge/lead-model';
import { documentedExample } from '@leadbridge/test-support';
import { activityLeadOf } from '../src/activity/activity-lead';
import { attemptFailure } from '../src/activity/attempt-failure';
import { PermanentError, TransientError } from '../src/delivery/delivery-errors';
import { routedReason, unmatchedReason } from '../src/routing/routing-reason';

function jobOf(body: object): LeadJobData {
  const parsed = parseLead(body);
  if (!parsed.ok) throw new Error('fixture must be valid');
  return {
    leadId: 'lead-1',
    requestId: 'req-1',
    receivedAt: '2026-12-01T10:00:00.000Z',
    rawBody: JSON.stringify(body),
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
  };
}

describe('what the leads pages say of a failed try', () => {
  it("never repeats the destination's text, which may quote the lead", () => {
    const error = new PermanentError(
      'writing the lead: Dataverse answered 400: someone@contoso.com, Some One, 16175555555 refused',
      { status: 400, code: 'someone@contoso.com' },
    );

    const { reason, failureClass } = attemptFailure(error, 'dataverse');

    expect(reason).toBe('permanent failure: Dataverse answered 400');
    expect(failureClass).toBe('permanent 400');
  });

  it('names a connection that got no answer by its code', () => {
    expect(
      attemptFailure(new TransientError('socket hang up', { code: 'ECONNRESET' }), 'email'),
    ).toEqual({
      reason: 'temporary failure: no answer from the mail server (ECONNRESET)',
      failureClass: 'temporary ECONNRESET',
    });
    expect(attemptFailure(new TypeError('x of Some One'), 'chat').reason).toBe(
      'unexpected error (TypeError)',
    );
  });
});

describe('why a lead went where it went', () => {
  it('names the rule of each destination that took it', () => {
    expect(
      routedReason([
        { name: 'crm' },
        { name: 'sales', match: { actionCode: ['INS', 'PLT'], testLead: false } },
      ]),
    ).toBe('crm takes every lead; sales takes action code INS or PLT, real leads only');
  });

  it('names, for each destination, the first rule the lead missed', () => {
    const job = jobOf(documentedExample);
    expect(
      unmatchedReason(
        [
          { name: 'crm', match: { offerTitle: ['Contoso Analytics'] } },
          { name: 'tests', match: { testLead: true } },
        ],
        job,
      ),
    ).toBe(
      "no destination takes this lead: crm wants offer Contoso Analytics (this lead's: Test Microsoft); tests takes test leads only",
    );
  });
});

describe('the lead as its activity records it', () => {
  it('an imported lead keeps its file, line and creation time, and no personal data', () => {
    const job: LeadJobData = {
      ...jobOf(documentedExample),
      imported: {
        source: 'csv',
        file: 'leads.csv',
        line: 12,
        createdAt: '2026-11-01T00:00:00.000Z',
      },
    };

    const lead = activityLeadOf(job);

    expect(lead).toEqual({
      id: 'lead-1',
      receivedAt: '2026-12-01T10:00:00.000Z',
      source: 'csv',
      offer: 'Test Microsoft',
      actionCode: 'INS',
      isTestLead: false,
      imported: { file: 'leads.csv', line: 12, createdAt: '2026-11-01T00:00:00.000Z' },
    });
    expect(JSON.stringify(lead)).not.toMatch(/someone|contoso\.com|16175555555/i);
  });
});
