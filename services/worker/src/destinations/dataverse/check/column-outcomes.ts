import type { ColumnFinding, LikelyCause, MappingFinding } from './check-report';
import { columnMismatchCause, mappingMismatchCause } from './setup-causes';

/** How the columns step ends: its line in the report, and the cause when it failed. */
export type ColumnsOutcome =
  { status: 'passed'; detail: string } | { status: 'failed'; detail: string; cause: LikelyCause };

/** The step's line for the default mapping's text column lengths. */
export function lengthsOutcome(findings: readonly ColumnFinding[]): ColumnsOutcome {
  const wrong = findings.filter((finding) => finding.status !== 'ok');
  if (wrong.length === 0) {
    return {
      status: 'passed',
      detail: findings.map((f) => `${f.column} ${f.orgLength}`).join(', '),
    };
  }
  const detail = wrong
    .map((f) =>
      f.status === 'missing'
        ? `${f.column} missing`
        : `${f.column} ${f.orgLength} (Leadbridge sends up to ${f.cutLength})`,
    )
    .join(', ');
  return { status: 'failed', detail, cause: columnMismatchCause(findings) };
}

/** The step's line for a mapping: how many columns fit, and which do not and why. */
export function mappingOutcome(findings: readonly MappingFinding[]): ColumnsOutcome {
  const wrong = findings.filter((finding) => finding.status !== 'ok');
  const count = `${findings.length} mapped column${findings.length === 1 ? '' : 's'}`;
  if (wrong.length === 0) {
    return { status: 'passed', detail: `all ${count} fit this org's lead table` };
  }
  const names = wrong.map((finding) => `${finding.column} (${finding.status})`).join(', ');
  return {
    status: 'failed',
    detail: `${wrong.length} of ${count} do not fit: ${names}`,
    cause: mappingMismatchCause(),
  };
}
