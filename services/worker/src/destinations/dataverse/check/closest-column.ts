import { editDistance } from '@leadbridge/lead-model';

/** The name after the first underscore: `offertitle` for `new_offertitle`. */
function afterPrefix(name: string): string {
  return name.slice(name.indexOf('_') + 1);
}

/** A column the mapping probably meant, and why it is thought so. */
export interface ClosestColumn {
  name: string;
  /** `case`: logical names are lower case; `prefix`: the publisher prefix is missing or another. */
  reason: 'case' | 'prefix' | 'typo';
}

/**
 * The org column a name missing from the lead table most likely meant: the same name in lower
 * case; the same name behind a publisher prefix (`offertitle` → `new_offertitle`, or
 * `cr123_offertitle` → `new_offertitle`); else the nearest by edit distance, comparing the part
 * after the prefix too, within a tolerance that grows with the name's length.
 */
export function closestColumn(name: string, known: Iterable<string>): ClosestColumn | undefined {
  const columns = [...known];
  const wanted = name.toLowerCase();
  if (wanted !== name && columns.includes(wanted)) return { name: wanted, reason: 'case' };

  const bare = afterPrefix(wanted);
  const prefixed = columns.find(
    (column) => column.endsWith(`_${wanted}`) || (bare !== wanted && afterPrefix(column) === bare),
  );
  if (prefixed) return { name: prefixed, reason: 'prefix' };

  const tolerance = Math.max(2, Math.floor(wanted.length / 4));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const column of columns) {
    const distance = Math.min(
      editDistance(wanted, column),
      editDistance(bare, afterPrefix(column)) + (bare === wanted ? 0 : 1),
    );
    if (distance < bestDistance) {
      best = column;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= tolerance
    ? { name: best, reason: 'typo' }
    : undefined;
}
