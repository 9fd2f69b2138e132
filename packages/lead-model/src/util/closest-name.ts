/** Levenshtein distance between two strings (case counts; lower-case both to ignore it). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known name a mistyped one most likely meant, or undefined when none is close enough to be
 * worth suggesting. Case is ignored, and a name is also compared with the last dotted segment of
 * each known name, because people write "Email" for "UserDetails.Email".
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted === '') return undefined;
  // Two edits always count as a typo; longer names tolerate more.
  const tolerance = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const full = candidate.toLowerCase();
    const segment = full.slice(full.lastIndexOf('.') + 1);
    const distance = Math.min(editDistance(wanted, full), editDistance(wanted, segment));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= tolerance ? best : undefined;
}

/** ` (did you mean "X"?)`, or nothing. */
export function didYouMean(name: string, known: readonly string[]): string {
  const closest = closestName(name, known);
  return closest === undefined ? '' : ` (did you mean "${closest}"?)`;
}
