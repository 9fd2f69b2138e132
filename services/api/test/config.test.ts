import { readApiConfig } from '../src/config';
import { SECRET } from './harness';

// What `openssl rand -hex 32` prints: the way the README and the refusals say to make a secret.
const GENERATED = '3f9c0a7d51e84b26c1d9e07a4b3f8265d0c7e19a2b84f63c5a1e9d07b2c48f16';

function configWith(env: Record<string, string>) {
  return () => readApiConfig({ INGEST_SECRETS: SECRET, ...env });
}

describe('ingest secrets that can be guessed are refused', () => {
  it.each([
    ['one character repeated', 'a'.repeat(64)],
    ['a short pattern repeated', 'ab12'.repeat(16)],
    ['a word repeated, cut anywhere', 'leadbridge'.repeat(4).slice(0, 37)],
    ['nearly all one character', `${'a'.repeat(40)}bcdefghij`],
    ['two characters', 'abbaabab'.repeat(3) + 'babbabaa'],
  ])('refuses %s, naming the entry and how to generate one', (_shape, weak) => {
    expect(configWith({ INGEST_SECRETS: `${SECRET},${weak}` })).toThrow(
      /^INGEST_SECRETS entry 2 is easy to guess: .*Generate one with: openssl rand -hex 32$/,
    );
  });

  it('never repeats the refused secret in the message', () => {
    const weak = 'secret'.repeat(8);

    expect(configWith({ INGEST_SECRETS: weak })).toThrow(/INGEST_SECRETS entry 1/);
    expect(configWith({ INGEST_SECRETS: weak })).not.toThrow(/secretsecret/);
  });

  it('accepts a generated secret and the secrets the test suites use', () => {
    expect(readApiConfig({ INGEST_SECRETS: `${GENERATED},${SECRET}` }).ingestSecrets).toEqual([
      GENERATED,
      SECRET,
    ]);
  });
});

describe('admin passwords that can be guessed are refused', () => {
  it.each([
    ['one character repeated', 'x'.repeat(16)],
    ['a word repeated', 'password'.repeat(2)],
    ['a few characters', 'aaaabbbbccccdddd'],
  ])('refuses %s for ADMIN_PASSWORD, saying how to generate one', (_shape, weak) => {
    expect(configWith({ ADMIN_PASSWORD: weak })).toThrow(
      /^ADMIN_PASSWORD is easy to guess: .*Generate one with: openssl rand -hex 32$/,
    );
  });

  it('still refuses a short password as too short', () => {
    expect(configWith({ ADMIN_PASSWORD: 'Xy7#q' })).toThrow(
      'ADMIN_PASSWORD must be at least 12 characters',
    );
  });

  it.each([
    ['a generated one', GENERATED],
    ['a passphrase', 'correct horse battery staple'],
    ['twelve varied characters', 'Tr0ub4dor&3x'],
  ])('accepts %s', (_shape, password) => {
    expect(readApiConfig({ INGEST_SECRETS: SECRET, ADMIN_PASSWORD: password }).admin.password).toBe(
      password,
    );
  });
});

describe('the viewer account', () => {
  const operator = { ADMIN_PASSWORD: 'correct horse battery staple' };

  it('exists when ADMIN_VIEWER_PASSWORD is set, as user "viewer" unless ADMIN_VIEWER_USER says', () => {
    const viewer = 'viewer passphrase for tests';

    expect(readApiConfig({ INGEST_SECRETS: SECRET, ...operator }).admin.viewer).toBeUndefined();
    expect(
      readApiConfig({ INGEST_SECRETS: SECRET, ...operator, ADMIN_VIEWER_PASSWORD: viewer }).admin
        .viewer,
    ).toEqual({ user: 'viewer', password: viewer });
    expect(
      readApiConfig({
        INGEST_SECRETS: SECRET,
        ...operator,
        ADMIN_VIEWER_USER: 'support',
        ADMIN_VIEWER_PASSWORD: viewer,
      }).admin.viewer,
    ).toEqual({ user: 'support', password: viewer });
  });

  it('refuses a guessable or short viewer password as it refuses the operator’s', () => {
    expect(configWith({ ...operator, ADMIN_VIEWER_PASSWORD: 'viewer'.repeat(3) })).toThrow(
      /^ADMIN_VIEWER_PASSWORD is easy to guess: .*openssl rand -hex 32$/,
    );
    expect(configWith({ ...operator, ADMIN_VIEWER_PASSWORD: 'Xy7#q' })).toThrow(
      'ADMIN_VIEWER_PASSWORD must be at least 12 characters',
    );
  });

  it('refuses a viewer with the operator’s user name, which would make the role ambiguous', () => {
    expect(
      configWith({
        ...operator,
        ADMIN_USER: 'ops',
        ADMIN_VIEWER_USER: 'ops',
        ADMIN_VIEWER_PASSWORD: 'viewer passphrase for tests',
      }),
    ).toThrow('ADMIN_VIEWER_USER must differ from ADMIN_USER');
  });

  it('refuses a viewer without an operator: the admin listener starts with ADMIN_PASSWORD', () => {
    expect(configWith({ ADMIN_VIEWER_PASSWORD: 'viewer passphrase for tests' })).toThrow(
      /^ADMIN_VIEWER_PASSWORD needs ADMIN_PASSWORD/,
    );
  });
});

describe('the proxies the admin listener believes', () => {
  it('are none unless ADMIN_TRUST_PROXY names them, whatever TRUST_PROXY says', () => {
    expect(readApiConfig({ INGEST_SECRETS: SECRET, TRUST_PROXY: 'true' }).admin.trustProxy).toBe(
      false,
    );
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback,10.0.0.0/8', 'loopback,10.0.0.0/8'],
  ])('reads ADMIN_TRUST_PROXY=%s as TRUST_PROXY is read', (value, expected) => {
    expect(
      readApiConfig({ INGEST_SECRETS: SECRET, ADMIN_TRUST_PROXY: value }).admin.trustProxy,
    ).toBe(expected);
  });
});

describe('the redelivery window', () => {
  it('is a day unless DEDUPE_WINDOW_SECONDS says otherwise', () => {
    expect(configWith({})().dedupeWindowSeconds).toBe(86_400);
    expect(configWith({ DEDUPE_WINDOW_SECONDS: '3600' })().dedupeWindowSeconds).toBe(3_600);
  });

  it.each(['0', '-5', 'a day', String(200 * 86_400)])(
    'refuses DEDUPE_WINDOW_SECONDS=%s, naming the variable',
    (value) => {
      expect(configWith({ DEDUPE_WINDOW_SECONDS: value })).toThrow(/^DEDUPE_WINDOW_SECONDS /);
    },
  );
});
