import { appendFile, mkdtemp, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLeadSpool } from '../src/spool/lead-spool';
import { hostIdentity, OWNER_FILE } from '../src/spool/spool-owner';
import {
  deadPid,
  drained,
  eventually,
  job,
  leftBehind,
  spoolFiles,
  spoolLogger as logger,
  spoolLogs,
  testDisk,
} from './spool-support';
import { startStalledWriter } from './spool-writer-process';

jest.setTimeout(20_000);

const newDir = () => mkdtemp(join(tmpdir(), 'spool-'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The subdirectories processes spool into. */
async function subdirectories(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('process-'));
}

describe('processes sharing one spool directory', () => {
  it('never lose a lead one of them is writing while another takes its directory over: it is refused or drained', async () => {
    const dir = await newDir();
    // Another process, whose heartbeat has stalled, spools one lead and is writing a second.
    const writer = startStalledWriter(dir, job(0), job(1));
    try {
      await writer.said(/^writing$/);
      const taker = await openLeadSpool(dir, logger, { staleMs: 300 });
      await eventually(async () => (await taker.adoptOrphans()) > 0);

      writer.resume();
      const outcome = await writer.said(/^(acknowledged|refused)/);

      // Its write landed in a file the taker now owns: the writer cannot know it will be queued,
      // so it must not acknowledge it (a 503, and Microsoft sends it again).
      expect(outcome).toMatch(/^refused: .*no longer this process's/);
      expect(await drained(taker)).toEqual(['c-0', 'c-1']);
      expect(await spoolFiles(dir)).toEqual([]);
      await taker.close();
    } finally {
      writer.stop();
    }
  });

  it('keep their leads apart, each in a subdirectory of its own', async () => {
    const dir = await newDir();
    const first = await openLeadSpool(dir, logger);
    const second = await openLeadSpool(dir, logger);
    await first.append(job(0));
    await second.append(job(1));

    expect(await subdirectories(dir)).toHaveLength(2);
    expect(await drained(first)).toEqual(['c-0']);
    expect(await drained(second)).toEqual(['c-1']);
    await Promise.all([first.close(), second.close()]);
  });

  it('hand what a closed spool left to the next one at once', async () => {
    const dir = await newDir();
    const earlier = await openLeadSpool(dir, logger);
    await earlier.append(job(0));
    await earlier.append(job(1));
    await earlier.close();

    const next = await openLeadSpool(dir, logger);

    expect(next.depth()).toBe(2);
    expect(await drained(next)).toEqual(['c-0', 'c-1']);
    expect(await spoolFiles(dir)).toEqual([]);
    await next.close();
    expect(await subdirectories(dir)).toEqual([]);
  });

  it('take over at once the subdirectory of a process of this machine that died', async () => {
    const dir = await newDir();
    const orphan = await leftBehind(dir, { pid: deadPid(), host: hostIdentity() }, [0, 1]);

    const spool = await openLeadSpool(dir, logger);

    expect(spool.depth()).toBe(2);
    expect(await drained(spool)).toEqual(['c-0', 'c-1']);
    expect(await subdirectories(dir)).not.toContain(orphan);
    await spool.close();
  });

  it('wait the stale window for what a restarted container left, even under this pid: its process namespace was another', async () => {
    const dir = await newDir();
    // A restarted container keeps its host name and gets a new process namespace, where the API
    // may well have the pid its earlier run had.
    await leftBehind(dir, { pid: process.pid, host: `${hostname()} pid:[0]` }, [4]);
    const spool = await openLeadSpool(dir, logger, { staleMs: 600 });

    await spool.adoptOrphans();
    expect(spool.depth()).toBe(0);

    await eventually(async () => (await spool.adoptOrphans(), spool.depth() === 1), 5_000);
    expect(await drained(spool)).toEqual(['c-4']);
    await spool.close();
  });

  it("take over another machine's subdirectory only once its owner stopped touching it", async () => {
    const dir = await newDir();
    const orphan = await leftBehind(dir, { pid: 1, host: 'another machine' }, [3]);
    const spool = await openLeadSpool(dir, logger, { staleMs: 600 });

    // Its owner is alive: it keeps touching its owner file.
    for (let beat = 0; beat < 8; beat++) {
      const now = new Date();
      await utimes(join(orphan, OWNER_FILE), now, now);
      await spool.adoptOrphans();
      await sleep(150);
    }
    expect(spool.depth()).toBe(0);

    // Then it stops.
    const deadline = Date.now() + 3_000;
    while (spool.depth() === 0 && Date.now() < deadline) {
      await spool.adoptOrphans();
      await sleep(100);
    }
    expect(spool.depth()).toBe(1);
    expect(await drained(spool)).toEqual(['c-3']);
    expect(spoolLogs.text()).toContain('took over the directory of a process that is gone');
    await spool.close();
  });

  it('refuse a lead written while another process took the subdirectory over, then carry on in a new one', async () => {
    const dir = await newDir();
    const elsewhere = await newDir();
    let release = () => undefined as void;
    let writing = () => undefined as void;
    let gated = true;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (writing = resolve));
    const disk = testDisk(async (real, buffer, offset, length) => {
      if (gated) {
        writing();
        await gate;
      }
      return real.write(buffer, offset, length, null);
    });
    const spool = await openLeadSpool(dir, logger, { disk });
    const [mine] = await subdirectories(dir);

    const refused = spool.append(job(0));
    await started;
    // Another process, thinking this one dead, moves the subdirectory away to drain it.
    await rename(join(dir, mine as string), join(elsewhere, 'taken'));
    gated = false;
    release();

    await expect(refused).rejects.toThrow(/no longer this process's/);
    await spool.append(job(1));
    expect(await drained(spool)).toEqual(['c-1']);
    expect(await subdirectories(dir)).not.toContain(mine);
    await spool.close();
  });

  it('take over the files an earlier version keeps in the directory itself once it stopped writing them, oldest first', async () => {
    const dir = await newDir();
    const line = (n: number) => `${JSON.stringify(job(n))}\n`;
    const flat = join(dir, 'leads.ndjson');
    await writeFile(join(dir, 'draining-1700000000000-2.ndjson'), line(0));
    await writeFile(join(dir, 'draining-1700000000000-10.ndjson'), line(1));
    await writeFile(flat, line(2));
    const { ino } = await stat(flat);
    const spool = await openLeadSpool(dir, logger, { staleMs: 800 });

    // The earlier version still runs (an overlapping restart) and keeps appending to its file,
    // which stays where it writes it.
    for (let n = 3; n < 10; n++) {
      await appendFile(flat, line(n));
      await spool.adoptOrphans();
      expect((await stat(flat)).ino).toBe(ino);
      await sleep(100);
    }

    // Then it stops: its files are taken over without a restart of this process.
    await eventually(async () => (await spool.adoptOrphans(), spool.depth() === 10), 5_000);
    expect(await drained(spool)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `c-${n}`));
    expect(await spoolFiles(dir)).toEqual([]);
    await spool.close();
  });
});
