import { destinationQueueName } from '@leadbridge/lead-model';
import type { Logger } from '@leadbridge/service-kit';
import type { RequestHandler } from 'express';
import { adminUserOf } from './admin-user';
import { auditLog, type AuditEntry } from './audit';

// Bull Board's routes that act on a whole queue (`/api/queues/:queueName/<verb>[/...]`); any
// other third segment is a job id (`/api/queues/:queueName/:jobId/<verb>`).
const QUEUE_VERBS = new Set([
  'add',
  'retry',
  'promote',
  'clean',
  'pause',
  'resume',
  'concurrency',
  'rate-limit',
  'empty',
  'obliterate',
  'job-schedulers',
]);

// `leadbridge-to-`: a destination queue's name is this and the destination's.
const DESTINATION_QUEUE_PREFIX = destinationQueueName('');

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What a mutating Bull Board API request does, from its path under the dashboard. */
export function dashboardAction(path: string): Omit<AuditEntry, 'actor'> | undefined {
  const parts = path
    .split('/', 12)
    .filter((part) => part !== '')
    .map(decode);
  if (parts[0] !== 'api') return undefined;
  if (parts[1] !== 'queues') return { action: `dashboard-${parts.slice(1).join('-')}` };
  const [, , queueName, second, ...rest] = parts;
  if (queueName === undefined) return undefined;
  if (second === undefined) return { action: `${queueName}-all` };
  const queue = {
    queue: queueName,
    ...(queueName.startsWith(DESTINATION_QUEUE_PREFIX)
      ? { destination: queueName.slice(DESTINATION_QUEUE_PREFIX.length) }
      : {}),
  };
  if (QUEUE_VERBS.has(second)) {
    // e.g. retry/failed: every failed job of the queue.
    return { action: [second, ...rest].join('-'), ...queue };
  }
  // Every Leadbridge job id is its lead's id.
  return { action: rest.join('-') || 'change', leadId: second, ...queue };
}

/**
 * Writes an audit line for every change made through Bull Board (retry, promote, clean/remove,
 * add, pause…), once answered, with who made it and how it ended.
 */
export function auditDashboard(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    const what = dashboardAction(req.path);
    if (what) {
      res.on('finish', () => {
        const user = adminUserOf(res);
        auditLog(logger, {
          actor: user.name,
          ...(user.id ? { actorId: user.id } : {}),
          ...what,
          outcome: res.statusCode,
        });
      });
    }
    next();
  };
}
