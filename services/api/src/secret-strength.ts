/**
 * A plain, explainable guard against secrets a person typed rather than generated. It estimates
 * what a value could carry from its length and the kinds of characters in it, then refuses values
 * that plainly were not drawn at random: a short pattern repeated, or too little variety. It
 * cannot recognise words (`password1234` passes), so it is a floor, not a measure: generate
 * secrets.
 */

export const GENERATE_HINT = 'Generate one with: openssl rand -hex 32';

/**
 * Estimated bits the ingest secret must carry: 32 characters of any two kinds (hex, for one) are
 * well over it; only digits need 39 characters.
 */
export const MIN_SECRET_BITS = 128;

/** The same for admin passwords: 12 letters are enough, digits alone need 16 characters. */
export const MIN_PASSWORD_BITS = 50;

/**
 * Fewest different characters a value may use. A random 12-character alphanumeric value uses
 * fewer about once in 400 million draws, 16 random hex characters about once in 2.4 million.
 */
export const MIN_DISTINCT_CHARACTERS = 5;

/**
 * Fewest bits per character the value's own character frequencies may give (Shannon entropy):
 * under it one character, or a few, make up most of the value (`aaaaaaaabcde` gives 1.6).
 */
export const MIN_BITS_PER_CHARACTER = 1.7;

/** The kinds of characters and how many each holds; anything else counts as a symbol. */
const CHARACTER_CLASSES = [
  { pattern: /[a-z]/, size: 26 },
  { pattern: /[A-Z]/, size: 26 },
  { pattern: /[0-9]/, size: 10 },
];
/** Printable ASCII punctuation and the space; other scripts are counted as if they were these. */
const SYMBOLS = 33;

/**
 * Bits a value of its length would carry drawn at random from the kinds of characters it uses
 * (lower case, upper case, digits, symbols): length × log2(their total size). 12 letters and
 * digits give about 71, 64 hex characters about 331. An upper bound for a value a person chose.
 */
export function estimateBits(value: string): number {
  const characters = [...value];
  let poolSize = 0;
  for (const { pattern, size } of CHARACTER_CLASSES) {
    if (characters.some((character) => pattern.test(character))) poolSize += size;
  }
  const isSymbol = (character: string) =>
    !CHARACTER_CLASSES.some(({ pattern }) => pattern.test(character));
  if (characters.some(isSymbol)) poolSize += SYMBOLS;
  return poolSize === 0 ? 0 : characters.length * Math.log2(poolSize);
}

/** Shannon entropy of the value's own character frequencies: `aaaa…` gives 0. */
function bitsPerCharacter(characters: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / characters.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

/** Whether the value is a shorter piece said at least twice (`abcabcab` is `abc` repeated). */
export function repeatsShortPattern(value: string): boolean {
  const characters = [...value];
  for (let period = 1; period <= characters.length / 2; period++) {
    if (characters.every((character, i) => i < period || character === characters[i - period])) {
      return true;
    }
  }
  return false;
}

/** Why the value is too easy to guess, without repeating it; undefined when it is not. */
export function guessableBecause(value: string, minBits: number): string | undefined {
  if (repeatsShortPattern(value)) return 'it repeats a short pattern';
  const characters = [...value];
  const distinct = new Set(characters).size;
  if (distinct < MIN_DISTINCT_CHARACTERS) {
    return `it uses fewer than ${MIN_DISTINCT_CHARACTERS} different characters`;
  }
  if (bitsPerCharacter(characters) < MIN_BITS_PER_CHARACTER) {
    return 'a few of its characters make up most of it';
  }
  const bits = estimateBits(value);
  if (bits < minBits) {
    return `it is too short for the kinds of characters it uses (about ${Math.floor(bits)} bits, at least ${minBits} needed: add letters or length)`;
  }
  return undefined;
}
