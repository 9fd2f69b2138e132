import type { Queue } from 'bullmq';
import { queueUrl } from './bull-board-links';
import { html, type SafeHtml } from './html';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export interface QueueDepth {
  name: string;
  counts: Record<(typeof STATES)[number], number>;
}

/** How many jobs each queue holds now, by state: one `getJobCounts` per queue, in parallel. */
export async function readQueueDepths(queues: readonly Queue[]): Promise<QueueDepth[]> {
  return Promise.all(
    queues.map(async (queue) => {
      const counts = await queue.getJobCounts(...STATES);
      return {
        name: queue.name,
        counts: {
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
        },
      };
    }),
  );
}

/** The depths as a table, each queue linking to its page in Bull Board. */
export function queueDepthTable(depths: readonly QueueDepth[]): SafeHtml {
  const rows = depths.map(
    (depth) =>
      html`<tr>
        <th scope="row"><a href="${queueUrl(depth.name)}">${depth.name}</a></th>
        ${STATES.map((state) => html`<td class="num">${depth.counts[state]}</td>`)}
      </tr>`,
  );
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          ${STATES.map((state) => html`<th scope="col" class="num">${state}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}
