import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { startScriptArgs, testRedisUrl } from '@leadbridge/test-support';
import { simulatorConfigFile } from './simulator-config-file';
import { queueExampleLead } from './queue-example-lead';
import { eventually } from './stack';

// The built worker, started the way `npm start -w services/worker` and the container start it.
const START = startScriptArgs(join(__dirname, '..'));

jest.setTimeout(30_000);

let dir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadbridge-config-'));
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function runWorker(env: Record<string, string>): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, START, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

function writeConfig(text: string): string {
  const path = join(dir, 'leadbridge.config.yaml');
  writeFileSync(path, text);
  return path;
}

describe('the worker with a configuration file', () => {
  it('refuses to start on a bad file, naming the line and column of each problem', async () => {
    const path = writeConfig(
      [
        'destinations:',
        '  - name: contoso',
        '    type: dataverse',
        '    url: https://contoso.crm.dynamics.com',
        '    tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47',
        '    clientId: 0d2f1c9e-4a55-4a5b-9d7c-3f1e2a6b8c90',
        '    clientSecret: do-not-write-me-here',
        '    testLeads: sometimes',
        '    mapping:',
        '      subject: "{OfferTitel} – {ActionName}"',
      ].join('\n'),
    );

    const worker = runWorker({ LEADBRIDGE_CONFIG: path });

    expect(await exitOf(worker.child)).toBe(1);
    const stderr = worker.stderr();
    expect(stderr).toContain('LEADBRIDGE_CONFIG');
    expect(stderr).toMatch(/leadbridge\.config\.yaml:7:\d+ .*clientSecret/);
    expect(stderr).toMatch(/leadbridge\.config\.yaml:8:\d+ .*testLeads/);
    expect(stderr).toMatch(/leadbridge\.config\.yaml:10:\d+ .*OfferTitel/);
  });

  describe('against the simulator', () => {
    let sim: Simulator;

    beforeAll(async () => {
      sim = await startSimulator({
        customColumns: [{ logicalName: 'new_offertitle', type: 'String', maxLength: 200 }],
      });
    });

    afterAll(async () => {
      await sim?.close();
    });

    function dataverseDestination(): string {
      return writeConfig(
        simulatorConfigFile(sim, [
          'subject: "{OfferTitle} – {ActionName}"',
          'new_offertitle: OfferTitle',
          'leadsourcecode: 8',
        ]),
      );
    }

    /** Runs a worker with the file at `configPath` until it has written the lead; its record. */
    async function deliveredWith(
      configPath: string,
      changes: object,
      env: Record<string, string> = {},
    ): Promise<Record<string, unknown>> {
      const prefix = `test-${randomUUID()}`;
      const leadId = await queueExampleLead(prefix, changes);
      runWorker({
        LEADBRIDGE_CONFIG: configPath,
        CONTOSO_CLIENT_SECRET: sim.clientSecret,
        NODE_EXTRA_CA_CERTS: sim.caCertPath,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'error',
        WORKER_HEALTH_PORT: '0',
        ...env,
      });
      return eventually(() => sim.leads().find((row) => row.leadid === leadId), 20_000);
    }

    it("signs in at the worker's AZURE_AUTHORITY_HOST when the file gives no authorityHost", async () => {
      const withoutAuthority = simulatorConfigFile(sim, ['subject: OfferTitle'])
        .split('\n')
        .filter((line) => !line.includes('authorityHost'));

      // Another lead than the other tests', which the simulator already holds.
      const record = await deliveredWith(
        writeConfig(withoutAuthority.join('\n')),
        { OfferTitle: 'Sovereign' },
        { AZURE_AUTHORITY_HOST: sim.url },
      );
      expect(record).toMatchObject({ subject: 'Sovereign' });
    });

    it('stops with the variable named when a secret the file names is not set', async () => {
      const worker = runWorker({ LEADBRIDGE_CONFIG: dataverseDestination() });

      expect(await exitOf(worker.child)).toBe(1);
      expect(worker.stderr()).toMatch(/CONTOSO_CLIENT_SECRET/);
    });

    it('delivers leads with the mapping the file gives', async () => {
      const record = await deliveredWith(dataverseDestination(), {});

      expect(record).toMatchObject({
        subject: 'Test Microsoft – Get it now / install',
        new_offertitle: 'Test Microsoft',
        leadsourcecode: 8,
      });
    });
  });
});
