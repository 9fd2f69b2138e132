import type { LeadActivityReader } from '@leadbridge/lead-activity';
import type { DestinationJobData, LeadJobData } from '@leadbridge/lead-model';
import type { Logger } from '@leadbridge/service-kit';
import type { Queue } from 'bullmq';
import type { EmailIndex } from '../../ingest/email-index';
import type { LeadActionEvent } from './lead-action-record';

/** What the leads pages need from the admin listener (a part of its `AdminDeps`). */
export interface PagesDeps {
  queue: Queue<LeadJobData>;
  destinationQueues: readonly Queue<DestinationJobData>[];
  emailIndex: EmailIndex;
  logger: Logger;
  readOnly: boolean;
  /** Without it the pages answer 503 and say why; Bull Board and the JSON lookup still work. */
  activity?: LeadActivityReader;
  /** Called after an operator retried or replayed a lead, to put it on the lead's timeline. */
  onLeadAction?: (event: LeadActionEvent) => Promise<void>;
}
