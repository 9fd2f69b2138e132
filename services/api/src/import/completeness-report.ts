import type { RowOutcome } from './row-outcome';

interface Counts {
  inFile: number;
  received: number;
  missing: number;
  unchecked: number;
}

const empty = (): Counts => ({ inFile: 0, received: 0, missing: 0, unchecked: 0 });

/**
 * The completeness report: per month of creation and per offer, the leads in the file, those
 * Leadbridge had received, and those it had missed (imported now, or to be imported); and, when
 * there are some, those created before its record of received leads began. Invalid rows are
 * counted apart: what they are is not known.
 */
export function completenessReport(outcomes: readonly RowOutcome[]): string {
  const groups = new Map<string, { month: string; offer: string; counts: Counts }>();
  const total = empty();
  let invalid = 0;
  for (const outcome of outcomes) {
    if (outcome.kind === 'invalid') {
      invalid++;
      continue;
    }
    const key = `${outcome.month}\u0000${outcome.offer}`;
    const group = groups.get(key) ?? {
      month: outcome.month,
      offer: outcome.offer,
      counts: empty(),
    };
    groups.set(key, group);
    for (const counts of [group.counts, total]) {
      counts.inFile++;
      if (outcome.kind === 'received') counts.received++;
      else if (outcome.kind === 'unchecked') counts.unchecked++;
      else counts.missing++;
    }
  }
  const withUnchecked = total.unchecked > 0;
  const headings = ['month', 'offer', 'in file', 'received', 'missing'];
  if (withUnchecked) headings.push('not checked');
  const numbers = (counts: Counts) => [
    counts.inFile,
    counts.received,
    counts.missing,
    ...(withUnchecked ? [counts.unchecked] : []),
  ];
  const rows = [...groups.values()]
    .sort((a, b) => a.month.localeCompare(b.month) || a.offer.localeCompare(b.offer))
    .map(({ month, offer, counts }) => [month, offer, ...numbers(counts)].map(String));
  rows.push(['total', '', ...numbers(total)].map(String));
  const cells = [headings, ...rows];
  const widths = headings.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? '').length)),
  );
  const lines = cells.map((row) =>
    row
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
  const heading = 'Completeness: the leads in the file against what Leadbridge received';
  const footer = invalid > 0 ? [`Invalid rows, not counted above: ${invalid}`] : [];
  return [heading, ...lines, ...footer].join('\n');
}
