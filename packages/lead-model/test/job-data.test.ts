import { documentedExample } from '@leadbridge/test-support';
import {
  checkDestinationJobData,
  checkLeadJobData,
  describeOrigin,
  contentKeyFor,
  parseLead,
  withoutPersonalData,
  type LeadJobData,
} from '../src';

/** A lead job exactly as the API builds it from a request. */
function storedJob(body: object = { ...documentedExample, Extra: 'kept', Nested: { a: [1] } }) {
  const parsed = parseLead(body);
  if (!parsed.ok) throw new Error('fixture must be valid');
  const job: LeadJobData = {
    leadId: contentKeyFor(parsed.lead),
    requestId: 'req-1',
    receivedAt: new Date(0).toISOString(),
    rawBody: JSON.stringify(body),
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
  };
  return job as LeadJobData & Record<string, unknown>;
}

describe('checking job data read back from Redis', () => {
  it('passes a lead job and a delivery job as Leadbridge stores them', () => {
    const job = storedJob();

    expect(checkLeadJobData(job)).toEqual({ ok: true, data: job });
    expect(checkDestinationJobData({ ...job, destination: 'crm' }, 'crm')).toMatchObject({
      ok: true,
    });
  });

  it('passes an imported lead, and names a broken import field by its path without its value', () => {
    const imported = {
      source: 'csv',
      file: 'export.csv',
      line: 4,
      createdAt: '2026-05-03T09:41:00Z',
    };
    const job = { ...storedJob(), imported };

    expect(checkLeadJobData(job)).toEqual({ ok: true, data: job });
    const broken = checkLeadJobData({
      ...job,
      imported: { ...imported, source: 'xls', line: 0, createdAt: 'May 3rd' },
    });
    expect(broken).toEqual({
      ok: false,
      problems: [
        'imported.source must be equal to one of the allowed values',
        'imported.line must be >= 1',
        'imported.createdAt must be an ISO 8601 UTC time',
      ],
    });
  });

  it('keeps where an imported lead came from when its personal data is removed', () => {
    const imported = { source: 'ndjson' as const, file: 'leads.ndjson', line: 2 };

    const kept = withoutPersonalData({ ...storedJob(), imported }, new Date(0));

    expect(kept.imported).toEqual(imported);
    expect(checkLeadJobData(kept)).toMatchObject({ ok: true });
  });

  it('reads a job an earlier version stored, whose request id is correlationId, as requestId', () => {
    const { requestId, ...job } = storedJob();
    const earlier = { ...job, correlationId: requestId };

    expect(checkLeadJobData(earlier)).toEqual({ ok: true, data: { ...job, requestId } });
    expect(checkDestinationJobData({ ...earlier, destination: 'crm' }, 'crm')).toEqual({
      ok: true,
      data: { ...job, requestId, destination: 'crm' },
    });
  });

  it('keeps the request id of an earlier job when its personal data is removed', () => {
    const { requestId, ...job } = storedJob();

    const kept = withoutPersonalData({ ...job, correlationId: requestId }, new Date(0));

    expect(kept.requestId).toBe('req-1');
    expect(kept).not.toHaveProperty('correlationId');
  });

  it('still names a request id that is missing under both names', () => {
    const { requestId: _dropped, ...job } = storedJob();

    expect(checkLeadJobData(job)).toEqual({ ok: false, problems: ['requestId is missing'] });
  });

  it('names every broken field by its path, and never a value or a key from outside', () => {
    const job = storedJob();
    const edited = {
      ...job,
      leadId: `${job.leadId})/../accounts(${job.leadId}`,
      receivedAt: 'yesterday',
      origin: undefined,
      lead: {
        ...job.lead,
        Description: { text: 'someone@contoso.com' },
        UserDetails: { ...job.lead.UserDetails, 'someone@contoso.com': 'x' },
      },
    };

    const result = checkLeadJobData(edited);

    expect(result).toEqual({
      ok: false,
      problems: [
        'origin is missing',
        'leadId must be a GUID',
        'receivedAt must be an ISO 8601 UTC time',
        'lead.Description must be string',
        'lead.UserDetails has a field the contract does not know',
      ],
    });
  });

  it('refuses a delivery job for another destination', () => {
    expect(checkDestinationJobData({ ...storedJob(), destination: 'crm' }, 'mail')).toEqual({
      ok: false,
      problems: ["destination is not this queue's destination"],
    });
    expect(checkDestinationJobData(storedJob(), 'mail')).toEqual({
      ok: false,
      problems: ['destination is missing'],
    });
  });

  it('refuses what is not an object at all', () => {
    expect(checkLeadJobData('leads(x)')).toEqual({
      ok: false,
      problems: ['the job data must be object'],
    });
  });
});
