/**
 * A plain, explainable guard against secrets a person typed rather than generated. Length alone
 * lets `aaaa…` or `changeme-changeme-…` through; this also looks at what the value is made of.
 * It cannot recognise words, so it is a floor, not a measure of strength: generate secrets.
 */

export const GENERATE_HINT = 'Generate one with: openssl rand -hex 32';

/**
 * Estimated bits the ingest secret must carry. The estimate reads random values low (32 random
 * hex characters hold 128 bits and estimate at about 115), so the floor sits under that: every
 * generated secret of the minimum length passes, a value built from a few characters does not.
 */
export const MIN_SECRET_BITS = 96;

/** The same for admin passwords: 12 characters must be nearly all different, longer ones less. */
export const MIN_PASSWORD_BITS = 40;

/**
 * Bits of information by the value's own character frequencies (Shannon entropy of its characters
 * times its length): `aaaa…` carries none, 64 characters from `openssl rand -hex 32` about 245.
 */
export function estimateBits(value: string): number {
  const characters = [...value];
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bitsPerCharacter = 0;
  for (const count of counts.values()) {
    const share = count / characters.length;
    bitsPerCharacter -= share * Math.log2(share);
  }
  return bitsPerCharacter * characters.length;
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
  const bits = estimateBits(value);
  if (bits < minBits) {
    return `it is made of too few different characters (about ${Math.floor(bits)} bits, at least ${minBits} needed)`;
  }
  return undefined;
}
