import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '@leadbridge/dataverse-simulator';
import { createLogger } from '@leadbridge/service-kit';
import { LogCapture, testRedisUrl } from '@leadbridge/test-support';
import { createWorker, readWorkerSettings } from '../src';
import { simulatorConfigFile } from './simulator-config-file';

jest.setTimeout(20_000);

// What each test started, stopped in the reverse order.
const started: Array<() => unknown> = [];

afterEach(async () => {
  for (const stop of started.splice(0).reverse()) await stop();
});

describe("a configuration file's destinations on /readyz", () => {
  it("stays ready while an e-mail destination's SMTP server is down, and reports the Dynamics org", async () => {
    const sim = await startSimulator();
    started.push(() => sim.close());
    const dir = mkdtempSync(join(tmpdir(), 'leadbridge-readiness-'));
    started.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'leadbridge.config.yaml');
    writeFileSync(
      path,
      [
        simulatorConfigFile(sim, ['leadsourcecode: 8']),
        '  - name: sales-inbox',
        '    type: email',
        '    smtpUrlEnv: SALES_SMTP_URL',
        '    requireTls: false',
        '    from: leads@publisher.example',
        '    to: [sales@publisher.example]',
      ].join('\n'),
    );
    const settings = readWorkerSettings({
      LEADBRIDGE_CONFIG: path,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `test-${randomUUID()}`,
      WORKER_HEALTH_PORT: '0',
    });
    const worker = createWorker(settings, {
      env: {
        CONTOSO_CLIENT_SECRET: sim.clientSecret,
        // Nothing listens on port 1: the SMTP server is down.
        SALES_SMTP_URL: 'smtp://127.0.0.1:1',
      },
      ca: sim.caCertPem,
      logger: createLogger({ service: 'worker', stream: new LogCapture() }),
    });

    started.push(() => worker.close());

    const { healthPort } = await worker.start();
    const ready = await fetch(`http://127.0.0.1:${healthPort}/readyz`);

    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { redis: true, contoso: true },
    });
  });
});
