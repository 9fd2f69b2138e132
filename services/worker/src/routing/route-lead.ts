import {
  DELIVER_TO_DESTINATION_JOB,
  LEAD_JOB_OPTIONS,
  checkLeadJobData,
  matchesLead,
  type DestinationJobData,
  type LeadJobData,
} from '@leadbridge/lead-model';
import type { LeadActivityWriter } from '@leadbridge/lead-activity';
import type { Logger } from '@leadbridge/service-kit';
import { ATTR, inSpan } from '@leadbridge/tracing';
import { trace } from '@opentelemetry/api';
import { UnrecoverableError, type Job, type Processor, type Queue } from 'bullmq';
import { checkedJobData } from '../checked-job-data';
import type { Destination } from '../delivery/destination';
import { activityLeadOf } from '../activity/activity-lead';
import { deliveryAddsOneByOne, type AddDelivery } from './delivery-jobs';
import { routedReason, unmatchedReason } from './routing-reason';

/** What a routed lead job keeps: the destinations it was handed to. */
export interface RoutedLead {
  routedTo: string[];
}

export interface RouteLeadDeps {
  destinations: readonly Pick<Destination, 'name' | 'match'>[];
  /** Each destination's queue, by destination name. */
  queues: ReadonlyMap<string, Queue<DestinationJobData>>;
  logger: Logger;
  /** Where the lead's receipt and routing are recorded for the leads pages. @defaultValue nowhere */
  activity?: Pick<LeadActivityWriter, 'routed' | 'unmatched'>;
  /** How a delivery is put on its queue (see delivery-jobs.ts). @defaultValue one `queue.add` each */
  addDelivery?: AddDelivery;
}

/** Why a lead that no destination takes stays in the failed list of the lead queue. */
export const UNMATCHED_REASON =
  'no destination matches this lead: it is kept here; retry it once a destination takes it';

const tracer = trace.getTracer('@leadbridge/worker');

/**
 * Fans a lead out into one job per matching destination, each on its own queue with its own
 * retries. The job id there is the lead id, so routing the same lead again (a crash between two
 * adds, a retry from the dashboard) adds nothing twice. A lead no destination takes is failed
 * on purpose: it stays visible and replayable instead of being dropped.
 */
export function routeLeadProcessor(deps: RouteLeadDeps): Processor<LeadJobData, RoutedLead> {
  const addDelivery = deps.addDelivery ?? deliveryAddsOneByOne;
  return (job: Job<LeadJobData, RoutedLead>) =>
    // The job id, not the data's lead id: data edited in Redis may hold anything.
    inSpan(tracer, 'route lead', { attributes: { [ATTR.leadId]: job.id ?? '' } }, async (span) => {
      const data = checkedJobData(job, checkLeadJobData(job.data), deps.logger);
      const targets = deps.destinations.filter((destination) =>
        matchesLead(destination.match, data),
      );
      const routedTo = targets.map(({ name }) => name);
      span.setAttribute(ATTR.destinations, routedTo);
      const log = deps.logger.child({ leadId: data.leadId, requestId: data.requestId });
      const lead = activityLeadOf(data);
      if (targets.length === 0) {
        await deps.activity?.unmatched(lead, unmatchedReason(deps.destinations, data));
        log.warn('lead matches no destination: kept in the failed list of the lead queue');
        throw new UnrecoverableError(UNMATCHED_REASON);
      }
      // Before the deliveries are queued, so no attempt is recorded ahead of its routing.
      await deps.activity?.routed(lead, { destinations: routedTo, reason: routedReason(targets) });
      for (const name of routedTo) {
        const queue = deps.queues.get(name);
        if (!queue) throw new Error(`no queue for destination ${name}`);
        await addDelivery(
          queue,
          DELIVER_TO_DESTINATION_JOB,
          { ...data, correlationId: data.requestId, destination: name },
          { ...LEAD_JOB_OPTIONS, jobId: data.leadId },
        );
      }
      log.debug('lead routed', { routedTo });
      return { routedTo };
    });
}
