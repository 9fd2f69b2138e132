import { chmod, readdir, readFile, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@leadbridge/service-kit';
import { FILE_MODE, isMissing, type SpoolDisk } from './spool-disk';
import { ACTIVE, DRAINING, takenOverName } from './spool-names';
import { hostIdentity, isOwnedHere, OWNER_FILE, PROBE_FILE, type OwnerRecord } from './spool-owner';

/** A subdirectory taken over, inside the new owner's, until its files are moved up. */
const ADOPTED = /^adopted-([0-9a-z]+)$/;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Tells whether what is seen under a key has kept the same stamp for `staleMs`, measured on this
 * process's clock from when the stamp was first seen (so the clocks of other machines sharing the
 * volume do not matter).
 */
function quietDetector(
  staleMs: number,
  now: () => number,
): (key: string, stamp: string) => boolean {
  const lastChange = new Map<string, { stamp: string; since: number }>();
  return (key, stamp) => {
    const last = lastChange.get(key);
    if (!last || last.stamp !== stamp) {
      lastChange.set(key, { stamp, since: now() });
      return false;
    }
    return now() - last.since >= staleMs;
  };
}

/** How long an owner file may go untouched before its owner counts as gone. */
export const DEFAULT_STALE_MS = 60_000;

/** What a subdirectory's owner file says and when it was last touched; undefined without one. */
async function readOwner(
  dir: string,
): Promise<{ stamp: number; record: Partial<OwnerRecord> } | undefined> {
  const ownerPath = join(dir, OWNER_FILE);
  let stamp: number;
  let record: Partial<OwnerRecord> = {};
  try {
    stamp = (await stat(ownerPath)).mtimeMs;
    record = JSON.parse(await readFile(ownerPath, 'utf8')) as Partial<OwnerRecord>;
  } catch (error) {
    if (isMissing(error)) return undefined;
    if (!(error instanceof SyntaxError)) throw error;
    // An owner file cut short: only its heartbeat can tell.
    stamp = (await stat(ownerPath)).mtimeMs;
  }
  return { stamp, record };
}

/**
 * Whether an owner that ran in this process namespace is gone (true) or is this process (false);
 * undefined when its process id cannot tell (another namespace, or a process that runs but may
 * have stalled): then only its heartbeat can.
 */
function goneHere(record: Partial<OwnerRecord>): boolean | undefined {
  if (record.host !== hostIdentity() || typeof record.pid !== 'number' || !record.id) {
    return undefined;
  }
  if (isOwnedHere(record.id)) return false;
  // Our own pid in someone else's record is an earlier process whose pid was given to us. (A
  // restarted container is not seen here: it has a new process namespace, so a new identity.)
  if (record.pid === process.pid || !processExists(record.pid)) return true;
  return undefined;
}

/**
 * Tells whether another process's subdirectory is orphaned. Its owner is gone when it let go (no
 * owner file), when it ran in this process namespace and is dead, or when its owner file has
 * not been touched for `staleMs`, measured on this process's clock from when a change was last
 * seen.
 */
export function orphanDetector(
  staleMs: number,
  now: () => number = () => performance.now(),
): (dir: string) => Promise<boolean> {
  const quiet = quietDetector(staleMs, now);
  return async (dir) => {
    const owner = await readOwner(dir);
    if (!owner) return true;
    return goneHere(owner.record) ?? quiet(dir, String(owner.stamp));
  };
}

/**
 * The same test for a command that looks once and cannot watch an owner file over time: an owner
 * file counts as untouched since its modification time, read on this machine's clock (the one an
 * API on this machine touches it with).
 */
export async function isAbandoned(dir: string, staleMs: number): Promise<boolean> {
  const owner = await readOwner(dir);
  if (!owner) return true;
  return goneHere(owner.record) ?? Date.now() - owner.stamp >= staleMs;
}

/**
 * Tells whether a file has stayed the same (inode, size, modification time) for `staleMs`, on
 * this process's clock: an earlier version's spool file that nothing writes to any more.
 */
export function settledDetector(staleMs: number): (path: string) => Promise<boolean> {
  const quiet = quietDetector(staleMs, () => performance.now());
  return async (path) => {
    try {
      const { ino, size, mtimeMs } = await stat(path);
      return quiet(path, `${ino} ${size} ${mtimeMs}`);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  };
}

/**
 * Moves an orphaned subdirectory into `mine` in one rename, so of several processes trying at
 * once exactly one gets it. False when another one did.
 */
export async function adoptDirectory(
  root: string,
  name: string,
  mine: string,
  disk: SpoolDisk,
): Promise<boolean> {
  try {
    await rename(join(root, name), join(mine, `adopted-${name.replace(/^process-/, '')}`));
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  await disk.syncDirectory(root);
  await disk.syncDirectory(mine);
  return true;
}

async function moveUp(from: string, origin: string, mine: string, logger: Logger) {
  const moved: string[] = [];
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const nested = ADOPTED.exec(entry.name);
    const target = entry.isFile() ? takenOverName(entry.name, origin) : undefined;
    if (entry.isDirectory() && nested) {
      // It had itself taken over a directory and died before moving its files up.
      moved.push(...(await moveUp(source, nested[1] as string, mine, logger)));
    } else if (target) {
      await rename(source, join(mine, target));
      if (DRAINING.test(target)) moved.push(target);
    } else if (entry.name === OWNER_FILE || entry.name === PROBE_FILE) {
      await unlink(source);
    } else {
      logger.warn('spool: left an unexpected entry in a directory taken over', { path: source });
    }
  }
  await rmdir(from).catch((error: unknown) =>
    logger.warn('spool: could not remove a directory taken over', { path: from, error }),
  );
  return moved;
}

/**
 * Moves the files of every directory adopted into `mine` up beside its own, as draining files
 * that keep their age; returns their names. Run again after a crash, it finishes the job.
 */
export async function moveUpAdopted(
  mine: string,
  disk: SpoolDisk,
  logger: Logger,
): Promise<string[]> {
  const moved: string[] = [];
  for (const entry of await readdir(mine, { withFileTypes: true })) {
    const match = ADOPTED.exec(entry.name);
    if (entry.isDirectory() && match) {
      moved.push(...(await moveUp(join(mine, entry.name), match[1] as string, mine, logger)));
    }
  }
  if (moved.length > 0) await disk.syncDirectory(mine);
  return moved;
}

/**
 * Leads an earlier version keeps in SPOOL_DIR itself (`leads.ndjson`, `draining-*.ndjson`), moved
 * into `mine` to be drained like the rest; returns the new names. Only the files `settled` says
 * yes to are moved: one an earlier process may still append to must stay where it writes it.
 */
export async function claimFlatSpool(
  root: string,
  mine: string,
  disk: SpoolDisk,
  settled: (path: string) => Promise<boolean> = async () => true,
): Promise<string[]> {
  const claimed: string[] = [];
  for (const name of await readdir(root)) {
    if (name !== ACTIVE && !DRAINING.test(name)) continue;
    if (!(await settled(join(root, name)))) continue;
    const target = takenOverName(name, 'flat') as string;
    try {
      await rename(join(root, name), join(mine, target));
    } catch (error) {
      if (isMissing(error)) continue; // another process claimed it first
      throw error;
    }
    await chmod(join(mine, target), FILE_MODE);
    claimed.push(target);
  }
  if (claimed.length > 0) {
    await disk.syncDirectory(root);
    await disk.syncDirectory(mine);
  }
  return claimed;
}
