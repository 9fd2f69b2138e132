import type { AttemptRecord, LeadActivityWriter } from '@leadbridge/lead-activity';
import { checkDestinationJobData, type DestinationJobData } from '@leadbridge/lead-model';
import { redactText, type Logger } from '@leadbridge/service-kit';
import { ATTR, inSpan } from '@leadbridge/tracing';
import { trace, type Attributes, type Span } from '@opentelemetry/api';
import {
  DelayedError,
  UnrecoverableError,
  Worker,
  type Job,
  type Processor,
  type Queue,
} from 'bullmq';
import { activityLeadOf } from '../activity/activity-lead';
import { attemptFailure } from '../activity/attempt-failure';
import { checkedJobData } from '../checked-job-data';
import { lookAtAwaitedDelivery, type AwaitedDeliverySource } from './awaited-delivery';
import {
  PermanentError,
  ThrottledError,
  TransientError,
  type FailureDetails,
} from './delivery-errors';
import { DEFAULT_RETRY_AFTER_MAX_MS, throttlePause } from './throttle-pause';
import type { WorkerMetrics } from '../metrics';
import type { DeliveryContext, DeliveryReport, Destination } from './destination';

/** What a completed delivery job keeps: the outcome, its facts and when it happened. */
export interface DeliveredLead extends Record<string, unknown> {
  outcome: string;
  deliveredAt: string;
}

export interface DestinationProcessorDeps {
  destination: Destination;
  /** The destination's queue, to pause it for every worker when the destination throttles. */
  queue: Queue<DestinationJobData>;
  logger: Logger;
  metrics?: Pick<WorkerMetrics, 'delivery' | 'throttled'>;
  /** The longest pause a Retry-After causes (RETRY_AFTER_MAX_SECONDS). @defaultValue 15 minutes */
  retryAfterMaxMs?: number;
  /** With the destination's `waitFor`: where the delivery it waits for is found. */
  awaited?: AwaitedDeliverySource;
  /** Where each try's outcome is recorded for the leads pages. @defaultValue nowhere */
  activity?: Pick<LeadActivityWriter, 'attempt'>;
  /**
   * Whether BullMQ will give up on the job when this try fails with a transient error (its
   * attempts or the retry window spent), so the try is recorded as failed, not retrying.
   * @defaultValue never
   */
  givesUp?(job: Job<DestinationJobData, DeliveredLead>): boolean;
}

/** How one lead is delivered: the destination's own `deliver`, or its outcome in a batch. */
export type Deliver = (
  data: DestinationJobData,
  context: DeliveryContext,
) => Promise<DeliveryReport>;

/** A text field of a delivery's report, when it is one. */
function textOf(details: Record<string, unknown>, key: string): string | undefined {
  const value = details[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The error as BullMQ keeps it in Redis (the failed reason and stack trace the dashboard shows
 * and alerts repeat), scrubbed like a log line: a destination's answer may quote the lead's
 * e-mail address or phone number.
 */
function scrubbed(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  error.message = redactText(error.message);
  if (error.stack !== undefined) error.stack = redactText(error.stack);
  return error;
}

const tracer = trace.getTracer('@leadbridge/worker');

/** What the span of a failed attempt says of it: its class and the destination's own codes. */
function failure(span: Span, outcome: string, kind: string, details: FailureDetails = {}): void {
  const attributes: Attributes = {
    [ATTR.deliveryOutcome]: outcome,
    [ATTR.deliveryFailure]: kind,
  };
  if (details.status !== undefined) attributes[ATTR.deliveryStatus] = details.status;
  if (details.code !== undefined) attributes[ATTR.deliveryErrorCode] = details.code;
  span.setAttributes(attributes);
}

/**
 * The BullMQ entry point of one destination: delivers one lead and turns the outcome into what
 * BullMQ should do. Throttling pauses this destination's queue for Retry-After (within 1 s and
 * the configured maximum) without spending an attempt; a permanent failure fails the job now (it stays in the failed list for a person to
 * retry); anything else is thrown as is and retried on the worker's backoff schedule.
 */
export function destinationProcessor(
  deps: DestinationProcessorDeps,
  deliver: Deliver = (data, context) => deps.destination.deliver(data, context),
): Processor<DestinationJobData, DeliveredLead> {
  const { destination } = deps;
  const count = (outcome: string) => deps.metrics?.delivery(destination.name, outcome);
  const maxPauseMs = deps.retryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS;
  const deliverOnce = async (
    job: Job<DestinationJobData, DeliveredLead>,
    span: Span,
    token: string | undefined,
  ) => {
    const check = checkDestinationJobData(job.data, destination.name);
    if (!check.ok) {
      count('failed');
      failure(span, 'failed', 'rejected');
    }
    const data = checkedJobData(job, check, deps.logger.child({ destination: destination.name }));
    const tryNumber = job.attemptsMade + 1;
    const log = deps.logger.child({
      leadId: data.leadId,
      requestId: data.requestId,
      destination: destination.name,
      attempt: tryNumber,
    });
    const record = async (
      outcome: AttemptRecord['outcome'],
      more: Omit<AttemptRecord, 'destination' | 'attempt' | 'outcome'> = {},
    ) => {
      await deps.activity?.attempt(activityLeadOf(data), {
        destination: destination.name,
        attempt: tryNumber,
        outcome,
        ...more,
      });
    };
    const recordFailure = (outcome: AttemptRecord['outcome'], error: unknown) =>
      record(outcome, attemptFailure(error, destination.type));
    const context: DeliveryContext = {};
    if (deps.awaited) {
      const outcome = await lookAtAwaitedDelivery(job, deps.awaited);
      if ('retryAt' in outcome) {
        // Waiting spends no attempt: BullMQ's moveToDelayed skips the count.
        log.debug('waiting for the delivery to another destination', {
          awaited: deps.awaited.destination,
        });
        span.setAttribute(ATTR.deliveryOutcome, 'waiting');
        await job.moveToDelayed(outcome.retryAt, token);
        throw new DelayedError();
      }
      context.awaited = outcome.done;
    }
    try {
      const report = await deliver(data, context);
      count(report.outcome);
      span.setAttribute(ATTR.deliveryOutcome, report.outcome);
      log.info(report.message, report.details);
      const recordUrl = textOf(report.details, 'recordUrl');
      const messageId = textOf(report.details, 'messageId');
      await record(report.outcome === 'skipped' ? 'skipped' : 'delivered', {
        ...(recordUrl !== undefined ? { recordUrl } : {}),
        ...(messageId !== undefined ? { messageId } : {}),
      });
      return { ...report.details, outcome: report.outcome, deliveredAt: new Date().toISOString() };
    } catch (error) {
      if (error instanceof ThrottledError) {
        count('throttled');
        const { retryAfterMs } = error;
        failure(span, 'throttled', 'throttled', error.details);
        span.setAttribute(ATTR.retryAfterMs, retryAfterMs);
        const { pauseMs, clamped } = throttlePause(retryAfterMs, maxPauseMs);
        if (clamped === 'raised') {
          log.warn('Retry-After shorter than 1 s: pausing the destination for 1 s', {
            retryAfterMs,
            pauseMs,
          });
        } else if (clamped === 'cut') {
          log.warn(
            'Retry-After longer than RETRY_AFTER_MAX_SECONDS: pausing the destination for that long',
            { retryAfterMs, pauseMs },
          );
        }
        deps.metrics?.throttled(pauseMs);
        log.warn('destination is throttling: pausing its deliveries', {
          retryAfterMs,
          pauseMs,
          ...error.details,
        });
        await recordFailure('throttled', error);
        await deps.queue.rateLimit(pauseMs);
        throw Worker.RateLimitError();
      }
      if (error instanceof PermanentError) {
        count('failed');
        failure(span, 'failed', 'permanent', error.details);
        log.error('lead cannot be delivered: kept in the failed list', {
          reason: error.message,
          ...error.details,
        });
        await recordFailure('failed', error);
        throw new UnrecoverableError(redactText(error.message));
      }
      count('retrying');
      failure(span, 'retrying', 'transient', error instanceof TransientError ? error.details : {});
      log.warn('delivery failed: will retry', { reason: (error as Error).message });
      await recordFailure(deps.givesUp?.(job) ? 'failed' : 'retrying', error);
      throw scrubbed(error);
    }
  };
  // One span per attempt; the job id, not the data's lead id: data edited in Redis may hold anything.
  return (job: Job<DestinationJobData, DeliveredLead>, token?: string) =>
    inSpan(
      tracer,
      `deliver ${destination.name}`,
      {
        attributes: {
          [ATTR.leadId]: job.id ?? '',
          [ATTR.destinationName]: destination.name,
          [ATTR.destinationType]: destination.type,
          [ATTR.deliveryAttempt]: job.attemptsMade + 1,
        },
      },
      (span) => deliverOnce(job, span, token),
    );
}
