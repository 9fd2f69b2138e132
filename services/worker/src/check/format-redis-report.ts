import { INDENT, row } from './report-lines';
import type { RedisFinding, RedisFindingName } from './judge-redis';
import type { RedisReport } from './run-redis-check';

const LABELS: Readonly<Record<RedisFindingName, string>> = {
  connection: 'Server',
  persistence: 'Persistence',
  memory: 'Memory policy',
  replication: 'Replication',
};

const MARKS: Readonly<Record<RedisFinding['status'], string>> = {
  passed: '✓',
  warning: '!',
  failed: '✗',
};

function verdict(report: RedisReport): string {
  if (!report.passed) return 'Redis cannot be reached: no lead can be stored or delivered.';
  const warnings = report.findings.filter(({ status }) => status === 'warning').length;
  if (warnings === 0) return 'Redis keeps every lead it acknowledges.';
  return `${warnings === 1 ? '1 warning' : `${warnings} warnings`}: Redis can lose leads it acknowledged.`;
}

/** The Redis section of `npm run check`, as a person reads it, ending with a newline. */
export function formatRedisReport(report: RedisReport): string {
  const lines = [
    'Leadbridge Redis check',
    row(' ', 'Redis', report.redis),
    ...report.findings.flatMap((finding) => [
      row(MARKS[finding.status], LABELS[finding.name], finding.detail),
      ...(finding.status === 'passed' ? [] : [`${INDENT}What to do: ${finding.remedy}.`]),
    ]),
    verdict(report),
  ];
  return `${lines.join('\n')}\n`;
}
