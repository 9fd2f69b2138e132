import { chmod, mkdir, mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createProducerConnection } from '@leadbridge/service-kit';
import { documentedExample, freePort } from '@leadbridge/test-support';
import request from 'supertest';
import { createApp } from '../src/app';
import { createQueueLeadStore } from '../src/ingest/lead-store';
import { openLeadSpool } from '../src/spool/lead-spool';
import { withSpool } from '../src/spool/spooling-store';
import { SECRET } from './harness';
import { drained, job, spoolFiles, spoolLogger as logger, testDisk } from './spool-support';

jest.setTimeout(20_000);

const newDir = () => mkdtemp(join(tmpdir(), 'spool-'));

/** The one file new leads are appended to, wherever the spool keeps it under `dir`. */
async function activeFile(dir: string): Promise<string> {
  const files = (await spoolFiles(dir)).filter((name) => name.endsWith('leads.ndjson'));
  expect(files).toHaveLength(1);
  return join(dir, files[0] as string);
}

describe('a lead is acknowledged only once every byte of it is on disk', () => {
  it('finishes a write the disk cuts short before answering', async () => {
    const dir = await newDir();
    // Each write puts down at most 64 bytes, as write(2) may on a full pipe or a signal.
    const disk = testDisk((real, buffer, offset, length) =>
      real.write(buffer, offset, Math.min(length, 64), null),
    );
    const spool = await openLeadSpool(dir, logger, { disk });

    await Promise.all([0, 1, 2].map((n) => spool.append(job(n))));

    expect(await drained(spool)).toEqual(['c-0', 'c-1', 'c-2']);
    await spool.close();
  });

  it('answers 503, never 202, when a write fails half-way, and leaves the file as it was', async () => {
    const dir = await newDir();
    let failing = false;
    let halfWritten = false;
    // Half of the batch goes down, then the disk is full.
    const disk = testDisk(async (real, buffer, offset, length) => {
      if (!failing) return real.write(buffer, offset, length, null);
      if (halfWritten) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
      halfWritten = true;
      return real.write(buffer, offset, Math.floor(length / 2), null);
    });
    const spool = await openLeadSpool(dir, logger, { disk });
    const connection = createProducerConnection(`redis://127.0.0.1:${await freePort()}`);
    connection.on('error', () => undefined);
    const queueStore = createQueueLeadStore({ connection, prefix: 'nowhere', timeoutMs: 200 });
    const app = createApp({
      logger,
      store: withSpool(queueStore, spool, logger),
      ingestSecrets: [SECRET],
    });
    const post = (description: string) =>
      request(app)
        .post(`/leads?code=${SECRET}`)
        .send({ ...documentedExample, Description: description });
    try {
      expect((await post('first')).status).toBe(202);
      const file = await activeFile(dir);
      const sizeBefore = (await stat(file)).size;

      failing = true;
      const refused = await post('second');

      expect(refused.status).toBe(503);
      expect((await stat(file)).size).toBe(sizeBefore);
      failing = false;
      expect((await post('third')).status).toBe(202);
      const stored: string[] = [];
      await spool.drain(async (entry) => stored.push(entry.lead.Description ?? ''));
      expect(stored).toEqual(['first', 'third']);
    } finally {
      await queueStore.close();
      connection.disconnect();
      await spool.close();
    }
  });

  it('syncs the directory after the spool file is created and after it is renamed', async () => {
    const dir = await newDir();
    const disk = testDisk();
    const spool = await openLeadSpool(dir, logger, { disk });

    await spool.append(job(0));
    const file = await activeFile(dir);
    const folder = dirname(file);
    const afterCreate = disk.calls.slice(disk.calls.indexOf(`datasync ${file}`));
    expect(afterCreate).toContain(`sync-dir ${folder}`);

    const drainStarted = disk.calls.length;
    let syncedBeforeHandingOn = false;
    await spool.drain(async () => {
      // The file was renamed for draining; that rename is durable before a lead is handed on.
      syncedBeforeHandingOn = disk.calls.slice(drainStarted).includes(`sync-dir ${folder}`);
    });
    expect(syncedBeforeHandingOn).toBe(true);
    await spool.close();
  });
});

describe('spooled leads are personal data', () => {
  /** Every directory and file under `dir` (and itself), as `dir <name> <mode>` lines. */
  async function modes(dir: string): Promise<string[]> {
    const lines: string[] = [];
    for (const name of ['.', ...(await readdir(dir, { recursive: true, encoding: 'utf8' }))]) {
      const info = await stat(join(dir, name));
      lines.push(
        `${info.isDirectory() ? 'dir' : 'file'} ${name} ${(info.mode & 0o777).toString(8)}`,
      );
    }
    return lines;
  }

  const privateModes = (lines: string[]) =>
    lines.map((line) => line.replace(/ \d+$/, line.startsWith('dir') ? ' 700' : ' 600'));

  it('keeps them in files and directories only their user can read, tightening an existing directory', async () => {
    const dir = join(await newDir(), 'spool');
    await mkdir(dir);
    await chmod(dir, 0o755);
    const spool = await openLeadSpool(dir, logger);
    await spool.append(job(0));
    let whileDraining: string[] = [];

    await spool.drain(async () => {
      whileDraining = await modes(dir);
    });
    await spool.append(job(1));
    const afterwards = await modes(dir);

    expect(whileDraining.some((line) => line.includes('draining-'))).toBe(true);
    expect(whileDraining).toEqual(privateModes(whileDraining));
    expect(afterwards.some((line) => line.includes('leads.ndjson'))).toBe(true);
    expect(afterwards).toEqual(privateModes(afterwards));
    await spool.close();
  });
});
