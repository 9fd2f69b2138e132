import { randomUUID } from 'node:crypto';
import { MAX_REASON_LENGTH, incidentKey, sanitiseReason } from '../src/alerts/alert';

const failed = (reason: string, destination = 'crm') =>
  incidentKey({ kind: 'delivery-failed', destination, reason });

describe('what counts as one incident', () => {
  it('is the same for failures that differ only in lead ids, addresses, counts and times', () => {
    const a = failed(
      `lead ${randomUUID()} failed after 12 attempts at 2025-01-02T03:04:05Z: 550 <a@contoso.com>`,
    );
    const b = failed(
      `lead ${randomUUID()} failed after 7 attempts at 2025-02-03T10:11:12Z: 550 <b.c@fabrikam.com>`,
    );

    expect(a).toBe(b);
    expect(a).toMatch(/^delivery-failed:crm:[0-9a-f]{16}$/);
  });

  it('tells status codes and Dataverse error codes apart, since they name the cause', () => {
    expect(failed('Dataverse answered 400')).not.toBe(failed('Dataverse answered 500'));
    expect(failed('0x80044331: validation failed')).not.toBe(failed('0x80040217: not found'));
  });

  it('tells destinations and kinds apart', () => {
    expect(failed('timeout', 'crm')).not.toBe(failed('timeout', 'crm-emea'));
    expect(incidentKey({ kind: 'backlog', destination: 'crm', reason: 'timeout' })).not.toBe(
      failed('timeout'),
    );
  });
});

describe('the reason an alert shows', () => {
  it('has no e-mail address, fits on one line and is capped', () => {
    const reason = sanitiseReason(`refused <someone@contoso.com>\nsee ${'details '.repeat(100)}`);

    expect(reason).not.toMatch(/@|\n/);
    expect(reason).toContain('refused <[redacted]> see details');
    expect(reason.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
  });

  it("has no phone number a plug-in's message quoted, and keeps the codes that name the cause", () => {
    const reason = sanitiseReason(
      'writing the lead: Dataverse answered 400 (0x80040265): a contact with phone +1 (617) 555-5555 exists',
    );

    expect(reason).not.toMatch(/617|5555/);
    expect(reason).toContain('400 (0x80040265)');
  });
});
