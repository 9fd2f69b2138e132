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
