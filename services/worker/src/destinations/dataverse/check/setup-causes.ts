import type { ColumnFinding, LikelyCause } from './check-report';

/** The cause when RetrieveUserPrivileges lacks a lead privilege Leadbridge needs. */
export function missingPrivilegeCause(missing: readonly string[]): LikelyCause {
  const lacks = [
    ...(missing.includes('prvCreateLead') ? [['create', 'Create']] : []),
    ...(missing.includes('prvReadLead') ? [['read', 'Read']] : []),
  ];
  return {
    kind: 'missing-privilege',
    explanation:
      `the application user may not ${lacks.map(([verb]) => verb).join(' or ')} leads ` +
      `(its roles lack ${missing.join(' and ')})`,
    remedy:
      `give the application user a security role with ` +
      `${lacks.map(([, right]) => right).join(' and ')} on Lead (e.g. Salesperson) in the Power ` +
      'Platform admin center',
  };
}

/** The cause when a column Leadbridge writes is missing from the org or shorter there. */
export function columnMismatchCause(findings: readonly ColumnFinding[]): LikelyCause {
  const short = findings.filter((finding) => finding.status === 'too-short');
  const missing = findings.filter((finding) => finding.status === 'missing');
  const problems = [
    ...short.map(
      (f) =>
        `${f.column} holds only ${f.orgLength} characters where Leadbridge sends up to ${f.cutLength}`,
    ),
    ...missing.map((f) => `the lead table has no text column ${f.column}`),
  ];
  const remedies = [
    ...(short.length > 0
      ? [
          `make ${short.map((f) => `${f.column} at least ${f.cutLength}`).join(', ')} ` +
            'characters long (Power Apps → Tables → Lead → Columns)',
        ]
      : []),
    ...(missing.length > 0
      ? ['restore the missing columns, or point DATAVERSE_URL at the org meant for leads']
      : []),
  ];
  return {
    kind: 'column-mismatch',
    explanation: `in this org ${problems.join('; ')}, so Dataverse would refuse some leads`,
    remedy: remedies.join('; '),
  };
}

/** The cause when columns the mapping writes do not fit the org; each finding says how. */
export function mappingMismatchCause(): LikelyCause {
  return {
    kind: 'mapping-mismatch',
    explanation:
      "the mapping writes columns this org's lead table cannot take as they are: Dataverse " +
      'would refuse leads, or some of their values',
    remedy:
      'fix each column as its line says, in the mapping or in the org (Power Apps → Tables → ' +
      'Lead → Columns), then run the check again',
  };
}
