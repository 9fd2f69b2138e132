import { LogCapture } from '@leadbridge/test-support';
import { createLogger } from '../src';

function capture() {
  const logs = new LogCapture();
  return { logs, logger: createLogger({ service: 'test', stream: logs, level: 'debug' }) };
}

describe('the logger', () => {
  it('writes one JSON line per entry with level, service, message and fields', () => {
    const { logs, logger } = capture();

    logger.info('lead stored', { leadId: 'abc' });

    expect(logs.entries()).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'test',
        message: 'lead stored',
        leadId: 'abc',
      }),
    ]);
  });

  it('starts each line with its level and message, and ends it with the time', () => {
    const { logs, logger } = capture();

    logger.child({ requestId: 'r-1' }).info('lead stored', { leadId: 'abc', attempt: 2 });

    expect(Object.keys(logs.entries()[0] ?? {})).toEqual([
      'level',
      'message',
      'requestId',
      'service',
      'leadId',
      'attempt',
      'timestamp',
    ]);
  });

  it('masks personal data and secrets by field name, at any depth and in any casing', () => {
    const { logs, logger } = capture();

    logger.warn('delivery failed', {
      leadId: 'abc',
      UserDetails: { Email: 'a@b.c' },
      record: {
        firstname: 'Ada',
        LastName: 'Lovelace',
        telephone1: '+1 555',
        emailaddress1: 'ada@x.io',
      },
      client_secret: 'hunter2',
    });

    const text = logs.text();
    for (const value of ['a@b.c', 'Ada', 'Lovelace', '+1 555', 'ada@x.io', 'hunter2']) {
      expect(text).not.toContain(value);
    }
    expect(logs.entries()[0]).toMatchObject({ leadId: 'abc', record: { firstname: '[redacted]' } });
  });

  it('scrubs e-mail addresses and URL secrets out of free text, including the message', () => {
    const { logs, logger } = capture();

    logger.error('cannot deliver to someone@contoso.com', {
      url: '/leads?code=s3cr3t-value&x=1',
      error: new Error('duplicate of ada@example.org'),
    });

    const entry = logs.entries()[0];
    expect(entry?.message).toBe('cannot deliver to [redacted]');
    expect(entry?.url).toBe('/leads?code=[redacted]&x=1');
    expect(entry?.error).toEqual({ name: 'Error', message: 'duplicate of [redacted]' });
  });

  it('carries a child logger’s fields into every entry', () => {
    const { logs, logger } = capture();

    logger.child({ requestId: 'r-1' }).child({ leadId: 'l-1' }).debug('step');

    expect(logs.entries()[0]).toMatchObject({ requestId: 'r-1', leadId: 'l-1', message: 'step' });
  });

  it('leaves the caller’s objects untouched', () => {
    const { logger } = capture();
    const fields = { user: { email: 'a@b.c' } };

    logger.info('x', fields);

    expect(fields.user.email).toBe('a@b.c');
  });
});
