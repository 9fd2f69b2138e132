import { completenessReport } from './completeness-report';
import type { ColumnMap } from './column-map';
import type { RowOutcome } from './row-outcome';

export interface ImportCounts {
  imported: number;
  received: number;
  unchecked: number;
  invalid: number;
}

export function countOutcomes(outcomes: readonly RowOutcome[]): ImportCounts {
  const counts: ImportCounts = { imported: 0, received: 0, unchecked: 0, invalid: 0 };
  for (const { kind } of outcomes) {
    if (kind === 'received') counts.received++;
    else if (kind === 'invalid') counts.invalid++;
    else if (kind === 'unchecked') counts.unchecked++;
    else counts.imported++;
  }
  return counts;
}

/** Which header fills which field, and how many other columns are kept as unknown fields. */
export function columnsLine(columns: ColumnMap): string {
  const known = columns.known.map(({ header, field }) => `${header} → ${field}`).join(', ');
  const unknown = columns.targets.filter((target) => target.kind === 'extra').length;
  const kept =
    unknown === 0
      ? ''
      : `; ${unknown} other column${unknown === 1 ? '' : 's'} kept as unknown fields`;
  return `Columns: ${known}${kept}`;
}

/**
 * The end of the command's output: the counts, the invalid rows again (each by its line and
 * reason, as a person fixing the file needs them together), and the completeness report.
 */
export function importSummary(outcomes: readonly RowOutcome[], dryRun: boolean): string {
  const counts = countOutcomes(outcomes);
  const invalid = outcomes.filter((outcome) => outcome.kind === 'invalid');
  const rows: [string, number][] = [
    [dryRun ? 'would be imported' : 'imported', counts.imported],
    ['skipped, already received', counts.received],
    ...(counts.unchecked > 0
      ? [['not checked: before the record began', counts.unchecked] as [string, number]]
      : []),
    ['invalid', counts.invalid],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    dryRun ? 'Summary of the dry run (nothing was changed):' : 'Summary:',
    ...rows.map(([label, count]) => `  ${label.padEnd(width)}  ${count}`),
  ];
  if (invalid.length > 0) {
    lines.push(
      '',
      `Invalid rows, not imported: fix them and run the import again (rows imported now are skipped then):`,
      ...invalid.map((outcome) => `  line ${outcome.line}: ${outcome.reason}`),
    );
  }
  return `${lines.join('\n')}\n\n${completenessReport(outcomes)}\n`;
}
