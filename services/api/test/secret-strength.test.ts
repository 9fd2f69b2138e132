import { createHash } from 'node:crypto';
import { readApiConfig } from '../src/config';
import { SECRET } from './harness';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const BASE64URL = `${ALPHANUMERIC}-_`;

/**
 * `count` values of `length` characters drawn uniformly from `alphabet`, from a seeded SHA-256
 * stream: as random as a generator's output, and the same on every run.
 */
function randomValues(seed: string, alphabet: string, length: number, count: number): string[] {
  // Bytes at or above the largest multiple of the alphabet's size are skipped, so no character
  // is drawn more often than another.
  const usable = 256 - (256 % alphabet.length);
  const values: string[] = [];
  let block = 0;
  let bytes = Buffer.alloc(0);
  let at = 0;
  for (let n = 0; n < count; n++) {
    let value = '';
    while (value.length < length) {
      if (at === bytes.length) {
        bytes = createHash('sha256').update(`${seed}:${block++}`).digest();
        at = 0;
      }
      const byte = bytes[at++] ?? 0;
      if (byte < usable) value += alphabet[byte % alphabet.length];
    }
    values.push(value);
  }
  return values;
}

/** The line the API stops with when `variable` is `value`; undefined when it starts. */
function refusal(variable: 'ADMIN_PASSWORD' | 'INGEST_SECRETS', value: string): string | undefined {
  try {
    readApiConfig({ INGEST_SECRETS: SECRET, [variable]: value });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

// A rule that refused one random value in a few million would be good enough for people; these
// shapes sit far from the rule's edges, so every one of these thousands must pass.
describe('randomly generated passwords and secrets are accepted', () => {
  it.each([
    ['ADMIN_PASSWORD', '12 letters and digits', ALPHANUMERIC, 12],
    ['ADMIN_PASSWORD', '16 hex characters', HEX, 16],
    ['ADMIN_PASSWORD', '24 hex characters, as npm start and the load benchmark make', HEX, 24],
    ['ADMIN_PASSWORD', '32 hex characters (openssl rand -hex 16)', HEX, 32],
    ['INGEST_SECRETS', '32 hex characters', HEX, 32],
    ['INGEST_SECRETS', '48 hex characters, as npm start makes', HEX, 48],
    ['INGEST_SECRETS', '32 base64url characters, as the fault tests make', BASE64URL, 32],
    ['INGEST_SECRETS', '64 hex characters (openssl rand -hex 32)', HEX, 64],
  ] as const)('%s takes 5000 random values of %s', (variable, _shape, alphabet, length) => {
    const refused = randomValues(`${variable} ${length} ${alphabet}`, alphabet, length, 5000)
      .map((value) => [value, refusal(variable, value)])
      .filter(([, why]) => why !== undefined);

    expect(refused).toEqual([]);
  });
});

describe('admin passwords with little variety are refused', () => {
  it.each([
    ['one character', 'aaaaaaaaaaaa'],
    ['a short pattern repeated', 'abcabcabcabc'],
    ['two characters', 'aaaaaaaaaaab'],
    ['three characters', '111122223333'],
    ['four characters', 'aabbaabbccdd'],
    ['one character making up most of it', 'aaaaaaaabcde'],
    ['digits only, shorter than 16', '202412310042137'],
  ])('refuses %s, saying how to generate one', (_shape, weak) => {
    expect(refusal('ADMIN_PASSWORD', weak)).toMatch(
      /^ADMIN_PASSWORD is easy to guess: .*Generate one with: openssl rand -hex 32$/,
    );
  });
});
