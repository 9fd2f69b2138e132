import { destinationQueueName, type DestinationJobData } from '@leadbridge/lead-model';
import type { Queue } from 'bullmq';
import { DASHBOARD_PATH } from '../dashboard';

/** Bull Board's page for one queue (its UI routes `/queue/:name`). */
export function queueUrl(queueName: string): string {
  return `${DASHBOARD_PATH}/queue/${encodeURIComponent(queueName)}`;
}

/** Bull Board's page for one job (its UI routes `/queue/:name/:jobId`). */
export function jobUrl(queueName: string, jobId: string): string {
  return `${queueUrl(queueName)}/${encodeURIComponent(jobId)}`;
}

/** The queue that delivers to the named destination, when this listener has it. */
export function destinationQueue(
  queues: readonly Queue<DestinationJobData>[],
  destination: string,
): Queue<DestinationJobData> | undefined {
  const name = destinationQueueName(destination);
  return queues.find((queue) => queue.name === name);
}
