import { editDistance } from '@leadbridge/lead-model';

/** ` (did you mean "X"?)` for the known word a typo most likely meant, or nothing. */
export function didYouMean(word: string, known: readonly string[]): string {
  // Two edits always count as a typo; longer words tolerate more.
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = tolerance + 1;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}
