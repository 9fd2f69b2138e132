import { INDENT, row } from '../../../check/report-lines';
import type { CheckReport, CheckStep, CheckStepName, MappingFinding } from './check-report';

const LABELS: Readonly<Record<CheckStepName, string>> = {
  token: 'Token',
  whoami: 'WhoAmI',
  leadTable: 'Lead table',
  privileges: 'Privileges',
  columns: 'Columns',
};

const MARKS: Readonly<Record<CheckStep['status'], string>> = {
  passed: '✓',
  failed: '✗',
  skipped: '-',
};

/**
 * One line per mapped column, `✓ column ← source: explanation`, and under a column that does not
 * fit, what to do about it.
 */
function mappingLines(findings: readonly MappingFinding[]): string[] {
  return findings.flatMap((finding) => {
    const ok = finding.status === 'ok';
    const line = `${INDENT}${ok ? MARKS.passed : MARKS.failed} ${finding.column} ← ${finding.source}: ${finding.explanation}`;
    return ok || !finding.remedy ? [line] : [line, `${INDENT}    What to do: ${finding.remedy}.`];
  });
}

function stepLines(step: CheckStep, report: CheckReport): string[] {
  const value = step.status === 'skipped' ? `skipped: ${step.detail}` : step.detail;
  const lines = [row(MARKS[step.status], LABELS[step.name], value)];
  if (step.name === 'columns' && report.mapping) lines.push(...mappingLines(report.mapping));
  if (step.status === 'failed') {
    lines.push(`${INDENT}Likely cause: ${step.cause.explanation}.`);
    lines.push(`${INDENT}What to do:   ${step.cause.remedy}.`);
  }
  return lines;
}

function verdict(report: CheckReport): string {
  if (report.passed) return 'All checks passed.';
  const failed = report.steps.filter((step) => step.status === 'failed').length;
  const skipped = report.steps.filter((step) => step.status === 'skipped').length;
  const checks = failed === 1 ? '1 check failed' : `${failed} checks failed`;
  return skipped > 0 ? `${checks}, ${skipped} skipped.` : `${checks}.`;
}

/** Whether leads would be written in bulk, in words: the setting and what the org offers. */
function bulkWritesLine({ enabled, available, backlog }: NonNullable<CheckReport['bulkWrites']>) {
  const org =
    available === undefined
      ? 'the org could not say whether it has CreateMultiple for leads'
      : available
        ? 'available (CreateMultiple on leads)'
        : 'not available: the org has no CreateMultiple for leads, so leads are written one by one';
  const setting = enabled
    ? `on from ${backlog} waiting leads (DATAVERSE_BULK_WRITES=auto)`
    : 'off (DATAVERSE_BULK_WRITES=off)';
  return `${org}; ${setting}`;
}

/** The report as a person reads it on the terminal, ending with a newline. */
export function formatReport(report: CheckReport): string {
  const lines = [
    'Leadbridge credentials check',
    ...(report.tenantId !== undefined ? [row(' ', 'Tenant', report.tenantId)] : []),
    ...(report.clientId !== undefined ? [row(' ', 'App (client) id', report.clientId)] : []),
    row(' ', 'Org', report.dataverseUrl),
    // A managed identity's token does not come from the authority host.
    ...(report.credential !== 'managed-identity'
      ? [row(' ', 'Authority', report.authorityHost)]
      : []),
    row(' ', 'Credential', report.credentialDetail),
    ...(report.proxy !== undefined ? [row(' ', 'Proxy', report.proxy)] : []),
    ...(report.destination !== undefined ? [row(' ', 'Destination', report.destination)] : []),
    ...report.steps.flatMap((step) => stepLines(step, report)),
    ...(report.bulkWrites ? [row(' ', 'Bulk writes', bulkWritesLine(report.bulkWrites))] : []),
    verdict(report),
  ];
  return `${lines.join('\n')}\n`;
}
