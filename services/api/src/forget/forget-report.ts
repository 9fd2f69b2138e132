import type { ForgottenJob, JobsErasure } from './forget-jobs';
import type { SpoolErasure } from './forget-spool';

export interface ErasureOutcome {
  jobs: JobsErasure;
  /** The lead ids the lookup index held for the address. */
  indexIds: readonly string[];
  /** The lead ids the received ledger held for the address (kept 200 days, for imports). */
  ledgerIds: readonly string[];
  spool: SpoolErasure;
  /** How many of the leads found had activity for the leads pages, now removed. */
  activityLeads?: number;
  /** The spool directory, as searched. */
  spoolDir: string;
}

export interface ErasureReport {
  /** What the person running the command reads. */
  text: string;
  /** The audit log line's fields: counts and ids, no personal data. */
  audit: Record<string, unknown>;
  /** False when something was left (a delivery in progress, a spool file in use). */
  complete: boolean;
}

// States of a job not delivered (yet, or after a failure a person could have retried).
const UNDELIVERED = new Set(['waiting', 'prioritized', 'delayed', 'waiting-children', 'failed']);

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * A chat message that shows personal data (its destination's `personalData`), in words: where it
 * is, and that only a person in the channel can delete it.
 */
function chatMessageLine(job: ForgottenJob, result: Record<string, unknown>): string | undefined {
  const { format, personalData } = result;
  if (typeof format !== 'string' || !Array.isArray(personalData) || personalData.length === 0) {
    return undefined;
  }
  const channel = format === 'teams' ? 'Teams' : format === 'slack' ? 'Slack' : format;
  const shown = personalData.filter((kind) => typeof kind === 'string').join(', ');
  return `${channel} channel, destination ${job.destination ?? ''}: the message about lead ${job.leadId} shows ${shown}; delete it in the channel`;
}

/** One line per place a delivery left a copy: the Dynamics record, the e-mail, the chat message. */
function deliveredCopies(jobs: readonly ForgottenJob[]): { lines: string[]; recordIds: string[] } {
  const lines: string[] = [];
  const recordIds: string[] = [];
  for (const job of jobs) {
    const { destination, result } = job;
    if (!result || destination === undefined) continue;
    const { recordId, entityUrl, repeatCustomer, messageId } = result;
    if (typeof recordId === 'string') {
      recordIds.push(recordId);
      const where = typeof entityUrl === 'string' ? ` (${entityUrl})` : '';
      const appended = repeatCustomer === true ? ': the open lead its event was appended to' : '';
      lines.push(
        `Dynamics 365, destination ${destination}: lead record ${recordId}${where}${appended}`,
      );
    }
    if (typeof messageId === 'string') {
      lines.push(`E-mail, destination ${destination}: message ${messageId}`);
    }
    const chat = chatMessageLine(job, result);
    if (chat !== undefined) lines.push(chat);
  }
  return { lines: unique(lines), recordIds: unique(recordIds) };
}

/** Leads that were still to be delivered somewhere, and now never will be. */
function neverDelivered(jobs: readonly ForgottenJob[], spool: SpoolErasure): Map<string, string> {
  const found = new Map<string, string>();
  for (const job of jobs) {
    if (!UNDELIVERED.has(job.state)) continue;
    const failed = job.state === 'failed';
    const what =
      job.destination === undefined
        ? `${job.leadId} (${failed ? 'no destination took it' : 'received, not yet routed'})`
        : `${job.leadId} to ${job.destination} (${failed ? 'it had failed' : `it was ${job.state}`})`;
    found.set(what, job.leadId);
  }
  for (const id of spool.leadIds) found.set(`${id} (in the spool, not yet queued)`, id);
  return found;
}

function queuesLines({ removed }: JobsErasure): string[] {
  if (removed.length === 0) return ['Queues: nothing of that address'];
  const byLead = new Map<string, string[]>();
  for (const job of removed) {
    byLead.set(job.leadId, [...(byLead.get(job.leadId) ?? []), `${job.queue} ${job.state}`]);
  }
  return [
    `Queues: ${plural(removed.length, 'job')} of ${plural(byLead.size, 'lead')} removed`,
    ...[...byLead].map(([id, places]) => `  ${id}  ${places.join(', ')}`),
  ];
}

function spoolLine(spool: SpoolErasure, dir: string): string {
  if (!spool.exists) return `Spool (${dir}): no such directory`;
  if (spool.lines === 0) return `Spool (${dir}): nothing of that address`;
  return `Spool (${dir}): ${plural(spool.lines, 'line')} removed from ${plural(spool.files, 'file')}`;
}

function leftLines({ jobs, spool }: ErasureOutcome): string[] {
  const lines: string[] = [];
  if (jobs.busy.length > 0) {
    lines.push(
      `Not removed: ${plural(jobs.busy.length, 'job')} still being delivered: run the command again.`,
      ...jobs.busy.map((job) => `  ${job.leadId} in ${job.queue}`),
    );
  }
  if (spool.busy.length > 0) {
    lines.push(
      'Not rewritten, as something kept writing to them: run the command again.',
      ...spool.busy.map((path) => `  ${path}`),
    );
  }
  return lines;
}

/** The command's output and its audit line, from what each part removed. */
export function erasureReport(outcome: ErasureOutcome): ErasureReport {
  const { jobs, indexIds, ledgerIds, spool } = outcome;
  const copies = deliveredCopies(jobs.removed);
  const pending = neverDelivered(jobs.removed, spool);
  const inJobs = new Set([...jobs.removed, ...jobs.busy].map((job) => job.leadId));
  const expired = unique([...indexIds, ...ledgerIds].filter((id) => !inJobs.has(id)));
  const sections: string[][] = [
    [
      ...queuesLines(jobs),
      indexIds.length === 0
        ? 'Lookup index: no entry'
        : `Lookup index: ${plural(indexIds.length, 'lead id')} removed`,
      ledgerIds.length === 0
        ? 'Received ledger: no record'
        : `Received ledger: ${plural(ledgerIds.length, 'record')} removed`,
      ...(outcome.activityLeads === undefined
        ? []
        : [
            outcome.activityLeads === 0
              ? 'Leads pages: no activity'
              : `Leads pages: the activity of ${plural(outcome.activityLeads, 'lead')} removed`,
          ]),
      spoolLine(spool, outcome.spoolDir),
    ],
  ];
  const left = leftLines(outcome);
  if (left.length > 0) sections.push(left);
  if (pending.size > 0) {
    sections.push([
      'Never delivered, and now never will be:',
      ...[...pending.keys()].map((what) => `  ${what}`),
    ]);
  }
  if (copies.lines.length > 0) {
    sections.push([
      'Erase what Leadbridge delivered, where it went:',
      ...copies.lines.map((line) => `  ${line}`),
    ]);
  }
  if (expired.length > 0) {
    sections.push([
      `Leads whose jobs have expired: ${expired.join(', ')}`,
      '  Written to Dynamics 365, such a lead has its lead id as record id (unless its event was',
      '  appended to an open lead); a notification e-mail carries it in X-Leadbridge-Lead-Id.',
    ]);
  }
  const erasedIds = unique([
    ...jobs.removed.map((job) => job.leadId),
    ...indexIds,
    ...ledgerIds,
    ...spool.leadIds,
  ]);
  if (erasedIds.length === 0 && spool.lines === 0 && left.length === 0) {
    sections.push([
      'Nothing of that e-mail address was found in the queues, the lookup index, the received',
      'ledger or the spool.',
    ]);
  } else if (jobs.removed.length > 0 || indexIds.length > 0 || ledgerIds.length > 0) {
    sections.push([
      "Redis's append-only file and snapshots hold what was removed until Redis rewrites them",
      '(redis-cli BGREWRITEAOF; a new snapshot with BGSAVE).',
    ]);
  }
  const messages = jobs.removed.filter((job) => typeof job.result?.messageId === 'string');
  return {
    text: `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`,
    audit: {
      jobsRemoved: jobs.removed.length,
      leadIds: erasedIds,
      neverDelivered: unique(pending.values()),
      dynamicsRecordIds: copies.recordIds,
      emailMessages: messages.length,
      indexEntries: indexIds.length,
      ledgerRecords: ledgerIds.length,
      ...(outcome.activityLeads !== undefined ? { activityLeads: outcome.activityLeads } : {}),
      spoolLinesRemoved: spool.lines,
      ...(jobs.busy.length > 0 ? { jobsNotRemoved: jobs.busy.length } : {}),
      ...(spool.busy.length > 0 ? { spoolFilesInUse: spool.busy.length } : {}),
    },
    complete: left.length === 0,
  };
}
