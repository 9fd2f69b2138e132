import { MissingSecretError, readSecretEnv } from '../src';

describe('reading a secret the configuration file names', () => {
  it('when the variable is set, its value is returned without surrounding whitespace', () => {
    const env = { CONTOSO_CLIENT_SECRET: ' s3cret\n' };

    expect(readSecretEnv('CONTOSO_CLIENT_SECRET', 'destination contoso-dynamics', env)).toBe(
      's3cret',
    );
  });

  it.each([
    ['unset', {}],
    ['empty', { CONTOSO_CLIENT_SECRET: '' }],
  ])('when the variable is %s, the error names the variable and who needs it', (_, env) => {
    const read = () => readSecretEnv('CONTOSO_CLIENT_SECRET', 'destination contoso-dynamics', env);

    expect(read).toThrow(MissingSecretError);
    expect(read).toThrow(
      'CONTOSO_CLIENT_SECRET is required by destination contoso-dynamics but not set',
    );
  });
});
