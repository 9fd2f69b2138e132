import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import {
  createTestCertificates,
  startPrivateRedis,
  type PrivateRedis,
  type TestCertificates,
} from '@leadbridge/test-support';
import { awaitAllWritten, Ledger, postLead, sendLeads } from './support/leads';
import { ProcessGroup, startApi, startWorker } from './support/processes';
import { waitFor } from './support/wait';

const COUNT = 30;
// A Redis that asks for a password, as every production Redis does: it travels inside TLS only.
const PASSWORD = randomBytes(16).toString('hex');

describe('Redis over TLS (rediss://)', () => {
  const group = new ProcessGroup();
  const dir = mkdtempSync(join(tmpdir(), 'leadbridge-redis-tls-'));
  let certificates: TestCertificates;
  let redis: PrivateRedis | undefined;
  let sim: Simulator | undefined;

  beforeAll(async () => {
    group.logs.forbid(PASSWORD, 'the Redis password');
    // The server's certificate names localhost only, signed by a CA of the test's own.
    certificates = await createTestCertificates(dir, ['localhost']);
    redis = await startPrivateRedis(undefined, { tls: certificates, password: PASSWORD });
    sim = await startSimulator();
  }, 30_000);

  afterAll(async () => {
    await group.killAll();
    await redis?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What every process needs besides the URL: the CA to trust, and the password. */
  function tlsEnv(): Record<string, string> {
    return { REDIS_TLS_CA_FILE: certificates.caFile, REDIS_PASSWORD: PASSWORD };
  }

  it(`with REDIS_TLS_CA_FILE and the name on the certificate, all ${COUNT} leads posted to the API are delivered exactly once`, async () => {
    const options = {
      redisUrl: `rediss://localhost:${redis?.port ?? 0}`,
      env: tlsEnv(),
      prefix: `tls-${randomUUID()}`,
    };
    const api = await startApi(group, options);
    startWorker(group, sim as Simulator, options);
    const ledger = new Ledger();

    await sendLeads({
      apis: [api],
      count: COUNT,
      perSecond: 30,
      tag: `tls ${randomUUID()}`,
      ledger,
    });
    const written = await awaitAllWritten(sim as Simulator, ledger.accepted, 30_000);

    expect(ledger.refused).toEqual([]);
    expect(ledger.accepted.size).toBe(COUNT);
    expect(written.filter((id) => ledger.accepted.has(id))).toHaveLength(COUNT);
    // Stored through Redis, not spooled: the API had no reason to keep a lead on disk.
    expect(api.process.log).not.toContain('redis connection error');
  }, 45_000);

  it('reached by a name its certificate does not carry, Redis is refused and the log says why', async () => {
    const options = {
      // 127.0.0.1 is the same server, but the certificate names localhost only.
      redisUrl: `rediss://127.0.0.1:${redis?.port ?? 0}`,
      env: tlsEnv(),
      prefix: `tls-${randomUUID()}`,
    };
    const api = await startApi(group, options);

    const posted = await postLead(api, `tls wrong name ${randomUUID()}`);
    const refused = "Redis's TLS certificate does not name the host connected to";
    await waitFor(
      () => api.process.log.includes(refused),
      15_000,
      'the API to log the refused certificate',
    );

    // Nothing reached Redis over a connection it could not trust: the lead waits in the spool.
    expect(posted.status).toBe(202);
    const line = api.process.log.split('\n').find((entry) => entry.includes(refused)) ?? '';
    expect(JSON.parse(line)).toMatchObject({
      level: 'warn',
      message: 'redis connection error',
      error: { message: expect.stringContaining('127.0.0.1 is not in the cert') as unknown },
    });
  }, 30_000);

  it('logs no secret and no personal data along the way', () => {
    expect(group.logs.linesSeen).toBeGreaterThan(0);
    expect(group.logs.leaks).toEqual([]);
  });
});
