import { randomUUID } from 'node:crypto';
import { createLogger } from '@leadbridge/service-kit';
import { testRedisUrl } from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import type { Alert } from '../src/alerts/alert';
import { startBacklogMonitor } from '../src/routing/backlog-monitor';
import { eventually } from './stack';

describe('the backlog monitor', () => {
  const queues: Queue[] = [];

  afterEach(async () => {
    for (const queue of queues.splice(0)) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('raises a backlog alert for a destination with more leads waiting than the threshold, only that one', async () => {
    const prefix = `test-${randomUUID()}`;
    const stuck = new Queue('leadbridge-to-stuck', { connection: { url: testRedisUrl() }, prefix });
    const fine = new Queue('leadbridge-to-fine', { connection: { url: testRedisUrl() }, prefix });
    queues.push(stuck, fine);
    for (let n = 0; n < 5; n++) await stuck.add('deliver', { n }, { delay: n === 0 ? 60_000 : 0 });
    await fine.add('deliver', { n: 0 });
    const raised: Omit<Alert, 'at'>[] = [];

    const monitor = startBacklogMonitor({
      queues: new Map([
        ['stuck', stuck],
        ['fine', fine],
      ]),
      threshold: 3,
      raise: (alert) => raised.push(alert),
      logger: createLogger({ service: 'worker', level: 'error' }),
      intervalMs: 50,
    });
    await eventually(() => raised.length > 0);
    monitor.stop();

    expect(raised[0]).toMatchObject({ kind: 'backlog', destination: 'stuck', count: 5 });
    expect(raised.every((alert) => alert.destination === 'stuck')).toBe(true);
  });
});
