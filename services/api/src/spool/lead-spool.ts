import { chmod, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { LeadJobData } from '@leadbridge/lead-model';
import type { Logger } from '@leadbridge/service-kit';
import { appendWhole, TornTailError } from './append-whole';
import {
  adoptDirectory,
  claimFlatSpool,
  DEFAULT_STALE_MS,
  moveUpAdopted,
  orphanDetector,
  settledDetector,
} from './spool-adoption';
import { DIRECTORY_MODE, localDisk, type SpoolDisk } from './spool-disk';
import { sharedCheck } from './shared-check';
import { readSpoolFile } from './spool-file';
import { ACTIVE, byAge, DRAINING, drainingName, UNREADABLE_SUFFIX } from './spool-names';
import {
  acquireDirectory,
  disown,
  OwnershipLostError,
  PROBE_FILE,
  SUBDIRECTORY,
  type OwnedDirectory,
} from './spool-owner';

/**
 * Where leads go while Redis is unreachable: an append-only file on local disk, fsync'd before
 * the caller is answered. A background task moves them to the queue, in order, once Redis is
 * back; each claims its content key then, so a lead both spooled and redelivered counts once.
 *
 * Each process writes in a subdirectory of its own (see spool-owner.ts) and takes over those of
 * processes that are gone, so several processes may share one spool directory.
 */
export interface LeadSpool {
  /** Resolves once the lead is on disk (every byte written and fsync'd). */
  append(job: LeadJobData): Promise<void>;
  /** Leads on disk and not yet queued. */
  depth(): number;
  /** Moves every spooled lead to the queue with `put`; stops at the first failure. */
  drain(put: (job: LeadJobData) => Promise<unknown>): Promise<number>;
  /** Takes over the subdirectories of processes that are gone; returns how many leads came. */
  adoptOrphans(): Promise<number>;
  /**
   * Why a lead could not be spooled now (naming the directory: for logs, not public answers), or
   * undefined when it could; tried at most once per `probeCacheMs`.
   */
  problem(): Promise<string | undefined>;
  /** Stops the heartbeat and lets go of the subdirectory once pending writes are done. */
  close(): Promise<void>;
}

export interface LeadSpoolOptions {
  /** @defaultValue the local file system */
  disk?: SpoolDisk;
  /** How often this process shows it is alive by touching its owner file. @defaultValue 5000 */
  heartbeatMs?: number;
  /**
   * How long another process's owner file may stay untouched before its subdirectory is taken
   * over (at once when that process ran in this process namespace and is dead), and how long a
   * file an earlier version keeps in the spool directory itself must stay unchanged before it is.
   * @defaultValue 60000
   */
  staleMs?: number;
  /**
   * How long the answer of a write test (asked for by `/readyz` while Redis is down) is reused:
   * callers at the same time share one test, and later ones reuse it for this long.
   * @defaultValue 2000
   */
  probeCacheMs?: number;
}

/** The spool directory, created private; an existing one with wider modes is tightened if ours. */
async function preparePrivateDirectory(root: string, logger: Logger): Promise<void> {
  await mkdir(root, { recursive: true, mode: DIRECTORY_MODE });
  const info = await stat(root);
  if ((info.mode & 0o077) === 0) return;
  const mode = (info.mode & 0o777).toString(8);
  if (info.uid === process.getuid?.()) {
    await chmod(root, DIRECTORY_MODE);
    logger.info('spool: directory made private to its owner', { path: root, was: mode });
  } else {
    logger.warn('spool: directory readable by other users, and not ours to change', {
      path: root,
      mode,
    });
  }
}

/** Creates and removes a file, as a lead's first write would. */
async function probeWrite(dir: string, disk: SpoolDisk): Promise<void> {
  const path = join(dir, PROBE_FILE);
  const file = await disk.openForAppend(path);
  try {
    await file.write(Buffer.from('-'), 0, 1, null);
  } finally {
    await file.close();
  }
  await unlink(path);
}

export async function openLeadSpool(
  root: string,
  logger: Logger,
  options: LeadSpoolOptions = {},
): Promise<LeadSpool> {
  const disk = options.disk ?? localDisk;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const isOrphan = orphanDetector(staleMs);
  const isSettled = settledDetector(staleMs);
  await preparePrivateDirectory(root, logger);
  let owned: OwnedDirectory = await acquireDirectory(root, disk);
  let lost = false;
  let closed = false;
  // A failed write that could not be undone left a partial line: start a new file first.
  let rotateFirst = false;
  let depth = 0;

  async function countLeads(names: string[]): Promise<number> {
    let count = 0;
    for (const name of names) count += (await readSpoolFile(join(owned.path, name))).entries.length;
    return count;
  }

  function markLost(error: OwnershipLostError): void {
    if (lost) return;
    lost = true;
    disown(owned);
    logger.error(
      'spool: this process lost its spool directory (another process took it over or it was removed); new leads go to a new one',
      { path: owned.path, error },
    );
  }

  /** Throws when the subdirectory is no longer ours, and remembers it. */
  async function checkOwnership(): Promise<void> {
    try {
      await owned.verify();
    } catch (error) {
      if (error instanceof OwnershipLostError) markLost(error);
      throw error;
    }
  }

  /** After a loss, a new subdirectory: the leads in the lost one are its new owner's to queue. */
  async function ensureOwned(): Promise<void> {
    if (!lost) return;
    await preparePrivateDirectory(root, logger);
    owned = await acquireDirectory(root, disk);
    lost = false;
    rotateFirst = false;
    depth = 0;
    logger.info('spool: continuing in a new directory', { path: owned.path });
  }

  async function rotate(): Promise<void> {
    try {
      await rename(join(owned.path, ACTIVE), join(owned.path, drainingName()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await disk.syncDirectory(owned.path);
  }

  // Appends, rotations and changes of directory run one at a time; appends waiting together are
  // written and fsync'd as one batch, so a burst costs one fsync, not one per lead.
  let pending: Array<{ line: string; done: (error?: unknown) => void }> = [];
  let writing: Promise<void> = Promise.resolve();

  async function writeBatch(): Promise<void> {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    try {
      if (closed) throw new Error('the spool is closed');
      await ensureOwned();
      if (rotateFirst) {
        await rotate();
        rotateFirst = false;
      }
      const data = Buffer.from(batch.map((item) => item.line).join(''));
      const { created } = await appendWhole(disk, join(owned.path, ACTIVE), data).catch(
        (error: unknown) => {
          if (error instanceof TornTailError) rotateFirst = true;
          throw error;
        },
      );
      if (created) await disk.syncDirectory(owned.path);
      // A process that thought this one dead may have taken the directory over meanwhile; the
      // lead is then that process's to queue, and is not acknowledged here.
      await checkOwnership();
      depth += batch.length;
      for (const item of batch) item.done();
    } catch (error) {
      // A directory removed under us is noticed now, so the next lead goes to a new one.
      if (!lost) await checkOwnership().catch(() => undefined);
      const reason =
        lost && !(error instanceof OwnershipLostError)
          ? new OwnershipLostError(owned.path, error)
          : error;
      for (const item of batch) item.done(reason);
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
      await rename(path, path.replace(/\.ndjson$/, UNREADABLE_SUFFIX));
    } else {
      await unlink(path);
    }
    depth -= entries.length;
    return entries.length;
  }

  async function adoptOrphans(): Promise<number> {
    if (lost || closed) return 0;
    const mine = owned.path;
    let names: string[];
    try {
      // What an interrupted takeover left inside ours first.
      depth += await countLeads(await moveUpAdopted(mine, disk, logger));
      names = await readdir(root);
    } catch {
      return 0; // an unusable directory is reported by append and problem()
    }
    let adopted = 0;
    try {
      // An earlier version writes in the spool directory itself, maybe still (an overlapping
      // restart): its files are taken once they stop changing, whenever that is.
      const leads = await countLeads(await claimFlatSpool(root, mine, disk, isSettled));
      depth += leads;
      adopted += leads;
      if (leads > 0) logger.info('spool: took over the files of an earlier version', { leads });
    } catch (error) {
      logger.warn('spool: could not take over the files of an earlier version', { error });
    }
    for (const name of names) {
      const path = join(root, name);
      if (!SUBDIRECTORY.test(name) || path === mine) continue;
      try {
        if (!(await isOrphan(path)) || !(await adoptDirectory(root, name, mine, disk))) continue;
        const leads = await countLeads(await moveUpAdopted(mine, disk, logger));
        depth += leads;
        adopted += leads;
        logger.info('spool: took over the directory of a process that is gone', { path, leads });
      } catch (error) {
        logger.warn('spool: could not take over a directory', { path, error });
      }
    }
    return adopted;
  }

  await adoptOrphans();

  const heartbeat = setInterval(() => {
    if (lost) return;
    owned.heartbeat().catch((error: unknown) => {
      if (error instanceof OwnershipLostError) markLost(error);
      else logger.warn('spool: could not show this process is alive', { path: owned.path, error });
    });
  }, options.heartbeatMs ?? 5_000);
  heartbeat.unref();

  // The test shares the queue lead writes wait in, so it runs at most once per probeCacheMs;
  // what went wrong is logged once per change, not on every call.
  const problem = sharedCheck(
    () =>
      enqueueWrite(async () => {
        try {
          // A lost directory is replaced below; any other failure is the answer.
          if (!lost)
            await checkOwnership().catch((error: unknown) => {
              if (!(error instanceof OwnershipLostError)) throw error;
            });
          await ensureOwned();
          await probeWrite(owned.path, disk);
          return undefined;
        } catch (error) {
          return `the spool directory ${root} cannot take leads: ${(error as Error).message}`;
        }
      }),
    {
      cacheMs: options.probeCacheMs ?? 2_000,
      initial: undefined,
      onChange(reason) {
        if (reason) logger.error('spool: cannot take leads', { path: root, reason });
        else logger.info('spool: can take leads again', { path: root });
      },
    },
  );

  return {
    append(job) {
      return new Promise<void>((resolve, reject) => {
        pending.push({
          line: `${JSON.stringify(job)}\n`,
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what the write threw, as it was thrown
          done: (error) => (error ? reject(error) : resolve()),
        });
        void enqueueWrite(writeBatch);
      });
    },
    depth: () => depth,
    async drain(put) {
      if (depth === 0) return 0;
      // New appends start a fresh file while this one is queued.
      const dir = await enqueueWrite(async () => {
        if (!lost) await checkOwnership().catch(() => undefined);
        if (lost) {
          await ensureOwned();
          return undefined;
        }
        await rotate();
        return owned.path;
      });
      if (dir === undefined) return 0;
      let moved = 0;
      const files = (await readdir(dir)).filter((name) => DRAINING.test(name)).sort(byAge);
      for (const name of files) moved += await drainFile(join(dir, name), put);
      return moved;
    },
    adoptOrphans,
    problem,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      await enqueueWrite(async () => {
        if (lost) return;
        await owned.release().catch((error: unknown) => {
          if (!(error instanceof OwnershipLostError))
            logger.warn('spool: could not let go of its directory', { path: owned.path, error });
        });
      });
    },
  };
}
