import type { Alert } from './alert';

/** An alert in words, for a chat line and an e-mail. */
export interface AlertMessage {
  /** Short headline: the e-mail subject, the chat card's title. */
  title: string;
  /** One line saying everything that matters, for chat tools that show only `text`. */
  summary: string;
  /** "Label: value" lines for an e-mail body. */
  lines: string[];
}

/** What the alerter knows beyond the alert itself. */
export interface AlertContext {
  /** Alerts of this incident held back since the previous one was sent. */
  heldBack: number;
  /** How long further alerts of this incident are held back. */
  quietMs: number;
}

function titleOf(alert: Alert): string {
  switch (alert.kind) {
    case 'delivery-failed':
      return `Leadbridge: delivery to ${alert.destination ?? 'a destination'} failed`;
    case 'unmatched':
      return 'Leadbridge: a lead matches no destination';
    case 'backlog':
      return `Leadbridge: ${alert.destination ? `the ${alert.destination} queue` : 'the lead queue'} is backing up`;
  }
}

function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

export function describeAlert(alert: Alert, context: AlertContext): AlertMessage {
  const title = titleOf(alert);
  const waiting = alert.count === undefined ? '' : ` (${alert.count} waiting)`;
  const lead = alert.leadId ? ` (lead ${alert.leadId})` : '';
  const heldBack =
    context.heldBack > 0 ? ` – ${context.heldBack} more like it since the last alert` : '';
  return {
    title,
    summary: `${title}: ${alert.reason}${waiting}${lead}${heldBack}`,
    lines: [
      `Kind: ${alert.kind}`,
      ...(alert.destination ? [`Destination: ${alert.destination}`] : []),
      ...(alert.leadId ? [`Lead id: ${alert.leadId}`] : []),
      `Reason: ${alert.reason}`,
      ...(alert.count === undefined ? [] : [`Waiting: ${alert.count}`]),
      ...(context.heldBack > 0
        ? [`More alerts like it since the last one: ${context.heldBack}`]
        : []),
      `At: ${alert.at}`,
      '',
      `Further alerts like this one are held back for ${duration(context.quietMs)}.`,
    ],
  };
}
