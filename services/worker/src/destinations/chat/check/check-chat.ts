import type { ChatDestinationConfig } from '@leadbridge/config';
import { formatOfHost, webhookUrlProblem, type ChatFormat } from '../chat-webhook-url';

/** One line of a chat destination's check; `detail` never holds the URL's path or query. */
export interface ChatCheckStep {
  label: string;
  /** `warning`: worth a look, yet the destination may well work. */
  status: 'passed' | 'failed' | 'warning' | 'skipped';
  detail: string;
}

export interface ChatCheckReport {
  destination: string;
  format: ChatFormat;
  steps: ChatCheckStep[];
  /** No step failed. */
  passed: boolean;
}

const FORMAT_NAMES: Readonly<Record<ChatFormat, string>> = {
  teams: 'Teams Workflows',
  slack: 'Slack incoming',
};

/** Whether the host suits the format: known for it, known for the other, or unknown. */
function hostStep(host: string, format: ChatFormat): ChatCheckStep {
  const owner = formatOfHost(host);
  if (owner === format) {
    return {
      label: 'Host',
      status: 'passed',
      detail: `${host}: a ${FORMAT_NAMES[format]} webhook host`,
    };
  }
  if (owner !== undefined) {
    return {
      label: 'Host',
      status: 'failed',
      detail: `${host} serves ${FORMAT_NAMES[owner]} webhooks, but format is ${format}: set format: ${owner}, or put the ${FORMAT_NAMES[format]} webhook's URL in the variable`,
    };
  }
  return {
    label: 'Host',
    status: 'warning',
    detail: `${host} is not a host ${FORMAT_NAMES[format]} webhooks are known on: fine for a relay, otherwise check the URL`,
  };
}

/**
 * What can be known of a chat destination without posting to its channel: the variable is set,
 * holds an https URL, on a host that serves the format's webhooks. Posting is left to the first
 * lead: a test message would land in front of the whole sales team.
 */
export function checkChatDestination(
  config: ChatDestinationConfig,
  env: Readonly<Record<string, string | undefined>>,
): ChatCheckReport {
  const steps: ChatCheckStep[] = [];
  const value = env[config.urlEnv]?.trim();
  if (!value) {
    steps.push({ label: 'Variable', status: 'failed', detail: `${config.urlEnv} is not set` });
  } else {
    steps.push({ label: 'Variable', status: 'passed', detail: `${config.urlEnv} is set` });
    const problem = webhookUrlProblem(value);
    if (problem) {
      steps.push({ label: 'URL', status: 'failed', detail: `${config.urlEnv} ${problem}` });
    } else {
      const url = new URL(value);
      steps.push({
        label: 'URL',
        status: 'passed',
        detail: `${url.protocol}//${url.host}/… (the rest is the secret, not shown)`,
      });
      steps.push(hostStep(url.hostname, config.format));
    }
  }
  if (config.waitFor) {
    steps.push({
      label: 'Waits for',
      status: 'passed',
      detail: `${config.waitFor.destination}, at most ${config.waitFor.maxSeconds} s, then posts without the record's link`,
    });
  }
  steps.push({
    label: 'Posting',
    status: 'skipped',
    detail: 'not tried: the check posts nothing to the channel',
  });
  return {
    destination: config.name,
    format: config.format,
    steps,
    passed: steps.every((step) => step.status !== 'failed'),
  };
}

const MARKS: Readonly<Record<ChatCheckStep['status'], string>> = {
  passed: '✓',
  failed: '✗',
  warning: '!',
  skipped: '-',
};

function verdict(report: ChatCheckReport): string {
  if (report.passed) return 'All checks passed; the first lead shows whether the channel takes it.';
  const failed = report.steps.filter((step) => step.status === 'failed').length;
  return failed === 1 ? '1 check failed.' : `${failed} checks failed.`;
}

/** The report as `npm run check` prints it, lined up like the Dataverse report. */
export function formatChatReport(report: ChatCheckReport): string {
  const lines = [
    `Chat destination ${report.destination} (${report.format})`,
    ...report.steps.map(
      ({ label, status, detail }) => `${MARKS[status]} ${label.padEnd(17)}${detail}`,
    ),
    verdict(report),
  ];
  return `${lines.join('\n')}\n`;
}
