import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { LeadJobData } from '@leadbridge/lead-model';
import type { Logger } from '@leadbridge/service-kit';
import { readSpoolFile } from './spool-file';

/**
 * Where leads go while Redis is unreachable: an append-only file on local disk, fsync'd before
 * the caller is answered. A background task moves them to the queue, in order, once Redis is
 * back; their deterministic ids make a lead that was both spooled and queued count once.
 */
export interface LeadSpool {
  /** Resolves once the lead is on disk (written and fsync'd). */
  append(job: LeadJobData): Promise<void>;
  /** Leads on disk and not yet queued. */
  depth(): number;
  /** Moves every spooled lead to the queue with `put`; stops at the first failure. */
  drain(put: (job: LeadJobData) => Promise<unknown>): Promise<number>;
}

const ACTIVE = 'leads.ndjson';
// A file being moved to the queue; the name sorts by time, so leads keep their order.
const DRAINING = /^draining-\d{13}-\d+\.ndjson$/;

export async function openLeadSpool(dir: string, logger: Logger): Promise<LeadSpool> {
  await mkdir(dir, { recursive: true });
  const activePath = join(dir, ACTIVE);
  let sequence = 0;
  const rotate = async () => {
    try {
      await rename(activePath, join(dir, `draining-${Date.now()}-${sequence++}.ndjson`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  };
  // What an earlier run left (perhaps with a torn last line) is set aside for draining, so new
  // appends never continue a half-written line.
  await rotate();
  let depth = 0;
  for (const name of await readdir(dir)) {
    if (DRAINING.test(name)) depth += (await readSpoolFile(join(dir, name))).entries.length;
  }

  // Appends and the rotation before a drain run one at a time; appends waiting together are
  // written and fsync'd as one batch, so a burst costs one fsync, not one per lead.
  let pending: Array<{ line: string; done: (error?: unknown) => void }> = [];
  let writing: Promise<void> = Promise.resolve();

  async function writeBatch(): Promise<void> {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    try {
      const file = await open(activePath, 'a');
      try {
        await file.write(batch.map((item) => item.line).join(''));
        await file.datasync();
      } finally {
        await file.close();
      }
      depth += batch.length;
      for (const item of batch) item.done();
    } catch (error) {
      for (const item of batch) item.done(error);
    }
  }

  function enqueueWrite<T>(task: () => Promise<T>): Promise<T> {
    const result = writing.then(task);
    writing = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async function drainFile(
    path: string,
    put: (job: LeadJobData) => Promise<unknown>,
  ): Promise<number> {
    const { entries, tornTail, unreadable } = await readSpoolFile<LeadJobData>(path);
    if (tornTail)
      logger.warn('spool: skipped a line cut short by a crash (it was never acknowledged)', {
        path,
      });
    if (unreadable > 0) logger.error('spool: unreadable lines left in place', { path, unreadable });
    for (const job of entries) await put(job); // a failure leaves the file for the next drain
    if (unreadable > 0) {
      await rename(path, `${path}.unreadable`);
    } else {
      await unlink(path);
    }
    depth -= entries.length;
    return entries.length;
  }

  return {
    append(job) {
      return new Promise<void>((resolve, reject) => {
        pending.push({
          line: `${JSON.stringify(job)}\n`,
          done: (error) => (error ? reject(error) : resolve()),
        });
        void enqueueWrite(writeBatch);
      });
    },
    depth: () => depth,
    async drain(put) {
      if (depth === 0) return 0;
      // New appends start a fresh file while this one is queued.
      await enqueueWrite(rotate);
      let moved = 0;
      const files = (await readdir(dir)).filter((name) => DRAINING.test(name)).sort();
      for (const name of files) moved += await drainFile(join(dir, name), put);
      return moved;
    },
  };
}
