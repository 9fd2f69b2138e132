import { randomUUID } from 'node:crypto';
import { LogCapture } from '@leadbridge/test-support';
import { createLogger, MAX_LOGGED_TEXT, redactText } from '../src';

function logged(message: string, fields: Record<string, unknown> = {}) {
  const logs = new LogCapture();
  createLogger({ service: 'test', stream: logs, level: 'debug' }).info(message, fields);
  return { entry: logs.entries()[0] ?? {}, text: logs.text() };
}

// A Redis password as a generator may make it: the characters a URL gives meaning to.
const PASSWORD = 'p#ss/w@rd';
const REDIS_URL = `redis://default:${PASSWORD}@cache.internal:6379/0`;

describe('a long value in a log line', () => {
  it('is cut to 2 KiB, and the line says how long it was', () => {
    const path = `/${'a'.repeat(16_000)}`;

    const { entry } = logged('request', { path });

    const shown = String(entry.path);
    expect(shown.length).toBeLessThan(MAX_LOGGED_TEXT + 100);
    expect(shown.startsWith(path.slice(0, MAX_LOGGED_TEXT))).toBe(true);
    expect(shown).toContain('16001 characters');
  });

  it('cuts error messages and the message itself as well', () => {
    const long = 'x'.repeat(70_000);

    const { entry } = logged(long, { error: new Error(long) });

    expect(String(entry.message).length).toBeLessThan(MAX_LOGGED_TEXT + 100);
    expect(String((entry.error as { message: string }).message).length).toBeLessThan(
      MAX_LOGGED_TEXT + 100,
    );
  });

  it('never shows part of an e-mail address or phone number that straddles the cut', () => {
    for (const personal of ['someone.with.a.long.name@contoso.com', '+1 617 555 5555']) {
      for (let shift = 0; shift < personal.length; shift++) {
        const text = `${'y'.repeat(MAX_LOGGED_TEXT - shift - 1)} ${personal} and more`;

        const shown = redactText(text);

        expect(shown).not.toMatch(/someone|contoso|617|5555/);
      }
    }
  });
});

describe('URLs in a log line', () => {
  it('show a Redis URL without its user and password, even a password holding #, / and @', () => {
    const { text, entry } = logged(`cannot reach ${REDIS_URL}`, {
      url: REDIS_URL,
      error: new Error(`connect failed for ${REDIS_URL}`),
    });

    for (const piece of [PASSWORD, 'p#ss', 'w@rd', 'default:']) expect(text).not.toContain(piece);
    expect(entry.message).toBe('cannot reach redis://[redacted]@cache.internal:6379/0');
    expect(entry.url).toBe('redis://[redacted]@cache.internal:6379/0');
  });

  it('mask the value of every secret query parameter, whatever its case', () => {
    const url =
      'https://hooks.example/run?api-version=1&sig=S1&Code=S2&token=S3&access_token=S4&client_secret=S5&password=S6&apikey=S7&key=S8';

    const { entry } = logged('posting', { url });

    expect(entry.url).toBe(
      'https://hooks.example/run?api-version=1&sig=[redacted]&Code=[redacted]&token=[redacted]&access_token=[redacted]&client_secret=[redacted]&password=[redacted]&apikey=[redacted]&key=[redacted]',
    );
  });

  it('leave a URL without credentials as it is', () => {
    const url =
      'https://org.crm.dynamics.com/api/data/v9.2/leads(8a1c2f9e-1b7d-4c55-9d6a-0e0c7d3b9f10)';

    expect(logged('writing', { url }).entry.url).toBe(url);
  });
});

describe('phone numbers in free text', () => {
  it.each([
    '+1 617 555 5555',
    '16175555555',
    '(617) 555-5555',
    '+1 (617) 555-5555',
    '617.555.5555',
    '+44 20 7946 0958',
    '+49 (0)30 1234567',
    '555-1234',
    '0612345678',
  ])('scrubs %s', (phone) => {
    const { entry } = logged(`plug-in refused: ${phone} is already a contact (${phone}).`);

    // An opening parenthesis may be left; no digit of the number is.
    expect(entry.message).toMatch(
      /^plug-in refused: \(?\[redacted\] is already a contact \(\(?\[redacted\]\)\.$/,
    );
  });

  it.each([
    ['a GUID', 'lead 8a1c2f9e-1b7d-4c55-9d6a-0e0c7d3b9f10 failed'],
    ['a GUID of digits only', 'record {12345678-1234-1234-1234-123456789012} exists'],
    ['a GUID whose first group is digits', 'leads(12345678-abcd-4c55-9d6a-0e0c7d3b9f10)'],
    ['an ISO timestamp', 'at 2025-01-02T03:04:05.678Z and 2025-01-02 03:04:05'],
    ['an HTTP status code', 'Dataverse answered 503 after 429 and 404'],
    ['a Dataverse error code', 'Dataverse answered 400 (0x80040265): ISV code aborted'],
    ['an IPv4 address with a port', 'connect ECONNREFUSED 192.168.100.200:6379'],
    ['a decimal number', 'took 1234.5678 ms'],
  ])('leaves %s as it is', (_what, text) => {
    expect(logged(text).entry.message).toBe(text);
  });

  it('leaves every one of 10,000 random GUIDs as it is', () => {
    const ids = Array.from({ length: 10_000 }, () => randomUUID());

    const altered = ids.filter((id) => {
      const text = `lead ${id} (${id.toUpperCase()}) at leads(${id})`;
      return redactText(text) !== text;
    });

    expect(altered).toEqual([]);
  });
});
