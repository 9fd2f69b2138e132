import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { DestinationJobData, LeadJobData } from '@leadbridge/lead-model';
import type { Queue } from 'bullmq';
import type { Router } from 'express';
import { maskForViewers } from './viewer-mask';

export const DASHBOARD_PATH = '/queues';

/**
 * One Bull Board over the lead queue and the destination queues. A read-only board hides its
 * buttons and answers 405 to their requests; a masked one shows job data through
 * `maskForViewers`, so personal data never leaves the server for that board.
 */
export function createDashboard(options: {
  queue: Queue<LeadJobData>;
  destinationQueues: readonly Queue<DestinationJobData>[];
  readOnly: boolean;
  masked: boolean;
}): Router {
  const adapter = (queue: Queue, description: string) => {
    const board = new BullMQAdapter(queue, { readOnlyMode: options.readOnly, description });
    if (options.masked) board.setFormatter('data', maskForViewers);
    return board;
  };
  const server = new ExpressAdapter();
  server.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [
      adapter(
        options.queue,
        'Marketplace leads as received, routed to their destinations (job id = lead id; ' +
          'failed here = no destination matched)',
      ),
      ...options.destinationQueues.map((queue) =>
        adapter(queue, 'Deliveries to one destination (job id = lead id)'),
      ),
    ],
    serverAdapter: server,
    options: {
      uiConfig: {
        boardTitle: 'Leadbridge',
        // Back to the leads pages, which link each job here: the header's menu of links.
        miscLinks: [
          { text: 'Leads', url: '/leads' },
          { text: 'Overview', url: '/overview' },
        ],
        ...(options.masked
          ? { environment: { label: 'viewer: personal data hidden', color: '#5b6b7f' } }
          : {}),
      },
    },
  });
  return server.getRouter() as Router;
}
