import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { mkdir, open, readdir, rename, rmdir, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DIRECTORY_MODE, FILE_MODE, isMissing, type SpoolDisk } from './spool-disk';

/**
 * Every API process spools into a subdirectory of SPOOL_DIR of its own, so processes sharing the
 * directory (replicas on one volume, an old and a new process overlapping) never rename or
 * remove each other's files. The subdirectory holds an owner file naming the process; the owner
 * touches it every few seconds, and another process takes the subdirectory over (see
 * spool-adoption.ts) only once its owner is gone.
 */
export const SUBDIRECTORY = /^process-[0-9a-f]{16}$/;
export const OWNER_FILE = 'owner.lock';
/** Written and removed to tell whether the subdirectory can take a lead. */
export const PROBE_FILE = '.probe';

/** What the owner file holds. */
export interface OwnerRecord {
  id: string;
  pid: number;
  /** The machine and its process namespace: process ids mean something only within one. */
  host: string;
  startedAt: string;
}

/** The subdirectory is no longer this process's: another one took it over, or it is gone. */
export class OwnershipLostError extends Error {
  constructor(
    readonly path: string,
    cause?: unknown,
  ) {
    super(`the spool directory ${path} is no longer this process's`, { cause });
    this.name = 'OwnershipLostError';
  }
}

let cachedHost: string | undefined;

/** This machine and process namespace (containers have their own, where pids start again). */
export function hostIdentity(): string {
  if (cachedHost === undefined) {
    let namespace = '';
    try {
      namespace = readlinkSync('/proc/self/ns/pid');
    } catch {
      // Not Linux: the host name alone.
    }
    cachedHost = namespace ? `${hostname()} ${namespace}` : hostname();
  }
  return cachedHost;
}

/** Ids of the subdirectories this process owns (tests open several spools in one process). */
const ownedHere = new Set<string>();

export function isOwnedHere(id: string): boolean {
  return ownedHere.has(id);
}

export interface OwnedDirectory {
  readonly id: string;
  readonly path: string;
  /** Throws OwnershipLostError when the subdirectory is no longer this process's. */
  verify(): Promise<void>;
  /** Shows other processes this one is alive. */
  heartbeat(): Promise<void>;
  /**
   * Lets go: an empty subdirectory is removed; one still holding leads loses its owner file, so
   * the next process to look takes it over at once.
   */
  release(): Promise<void>;
}

/**
 * Creates a subdirectory of `root` owned by this process. It is built under a hidden name with its
 * owner file inside, then renamed into place, so no process ever sees it without its owner.
 */
export async function acquireDirectory(root: string, disk: SpoolDisk): Promise<OwnedDirectory> {
  const id = randomBytes(8).toString('hex');
  const building = join(root, `.new-${id}`);
  const path = join(root, `process-${id}`);
  const ownerPath = join(path, OWNER_FILE);
  await mkdir(building, { mode: DIRECTORY_MODE });
  const record: OwnerRecord = {
    id,
    pid: process.pid,
    host: hostIdentity(),
    startedAt: new Date().toISOString(),
  };
  const file = await open(join(building, OWNER_FILE), 'wx', FILE_MODE);
  try {
    await file.writeFile(`${JSON.stringify(record)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await disk.syncDirectory(building);
  await rename(building, path);
  await disk.syncDirectory(root);
  const { ino } = await stat(ownerPath);
  ownedHere.add(id);

  async function verify(): Promise<void> {
    let current;
    try {
      current = await stat(ownerPath);
    } catch (error) {
      if (isMissing(error)) throw new OwnershipLostError(path, error);
      throw error;
    }
    if (current.ino !== ino) throw new OwnershipLostError(path);
  }

  return {
    id,
    path,
    verify,
    async heartbeat() {
      const now = new Date();
      try {
        await utimes(ownerPath, now, now);
      } catch (error) {
        if (isMissing(error)) throw new OwnershipLostError(path, error);
        throw error;
      }
      await verify();
    },
    async release() {
      ownedHere.delete(id);
      await verify();
      const left = (await readdir(path)).filter((name) => name !== OWNER_FILE);
      await unlink(ownerPath);
      if (left.length === 0) {
        await rmdir(path);
        await disk.syncDirectory(root);
      } else {
        await disk.syncDirectory(path);
      }
    },
  };
}

/** Forgets a subdirectory another process took over. */
export function disown(directory: OwnedDirectory): void {
  ownedHere.delete(directory.id);
}
