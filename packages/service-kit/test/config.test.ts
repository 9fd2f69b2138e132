import { ConfigError, envReader } from '../src';

describe('envReader', () => {
  it('returns defaults for unset and blank variables', () => {
    const read = envReader({ BLANK: '  ' });

    expect(read.int('PORT', 3000)).toBe(3000);
    expect(read.string('BLANK', 'x')).toBe('x');
    expect(read.bool('FLAG', false)).toBe(false);
    expect(read.list('LIST')).toEqual([]);
  });

  it('parses values of each kind', () => {
    const read = envReader({ PORT: '8080', FLAG: 'yes', LIST: ' a, b ,,c ', URL: 'redis://h:1' });

    expect(read.int('PORT', 1)).toBe(8080);
    expect(read.bool('FLAG', false)).toBe(true);
    expect(read.list('LIST')).toEqual(['a', 'b', 'c']);
    expect(read.url('URL', undefined, ['redis:'])).toBe('redis://h:1');
  });

  it.each([
    ['PORT', '80a', () => envReader({ PORT: '80a' }).int('PORT', 1, { min: 0, max: 65535 })],
    ['PORT', '70000', () => envReader({ PORT: '70000' }).int('PORT', 1, { min: 0, max: 65535 })],
    ['FLAG', 'maybe', () => envReader({ FLAG: 'maybe' }).bool('FLAG', false)],
    ['URL', 'nope', () => envReader({ URL: 'nope' }).url('URL', undefined, ['https:'])],
    ['URL', 'http://x', () => envReader({ URL: 'http://x' }).url('URL', undefined, ['https:'])],
    ['LEVEL', 'loud', () => envReader({ LEVEL: 'loud' }).oneOf('LEVEL', 'info', ['info', 'debug'])],
    ['NEEDED', '', () => envReader({}).required('NEEDED')],
  ])('names %s in the error when its value is %p', (variable, _value, read) => {
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(new RegExp(`^${variable} `));
  });
});

describe('a configuration error', () => {
  // The characters a password generator likes and a URL gives meaning to.
  const password = 'p#ss/w@rd';
  const malformed = `redis://default:${password}@cache.internal:6379`;

  it('names the variable of a malformed URL but never shows its password', () => {
    const read = () => envReader({ REDIS_URL: malformed }).url('REDIS_URL', undefined, ['redis:']);

    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/^REDIS_URL must be a URL/);
    const message = (() => {
      try {
        read();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    for (const piece of [password, 'p#ss', 'w@rd', 'default:'])
      expect(message).not.toContain(piece);
    expect(message).toContain('redis://[redacted]@cache.internal:6379');
    expect(message).toMatch(/percent-encode/);
  });

  it('masks the credentials of any URL its message quotes', () => {
    const error = new ConfigError(
      'SMTP_URL',
      'must be smtp: or smtps:, got "http://mailer:hunter2@smtp.example?token=abc"',
    );

    expect(error.message).not.toMatch(/mailer|hunter2|abc/);
    expect(error.message).toContain('http://[redacted]@smtp.example?token=[redacted]');
  });
});
