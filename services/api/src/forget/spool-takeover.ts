import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@leadbridge/service-kit';
import {
  adoptDirectory,
  claimFlatSpool,
  DEFAULT_STALE_MS,
  isAbandoned,
  moveUpAdopted,
} from '../spool/spool-adoption';
import { localDisk } from '../spool/spool-disk';
import { ACTIVE, DRAINING } from '../spool/spool-names';
import { acquireDirectory, SUBDIRECTORY, type OwnedDirectory } from '../spool/spool-owner';

/** An API may still own these spool subdirectories: it may append to them or drain them. */
export class SpoolInUseError extends Error {
  constructor(readonly directories: readonly string[]) {
    super(`the spool directories ${directories.join(', ')} may belong to a running API`);
    this.name = 'SpoolInUseError';
  }
}

/** The subdirectories of `root` whose owner may be alive, `except` the one named. */
async function inUse(root: string, staleMs: number, except?: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(root)) {
    const path = join(root, name);
    if (SUBDIRECTORY.test(name) && path !== except && !(await isAbandoned(path, staleMs))) {
      found.push(path);
    }
  }
  return found;
}

/**
 * Takes over every spool subdirectory of `root`, and the files an earlier version kept in `root`
 * itself, as an API takes over those of processes that are gone: moved into a subdirectory owned
 * by this process, where no API appends to them or drains them. Throws SpoolInUseError, having
 * changed nothing, when an API may still own one (it runs here, or touched its owner file less
 * than `staleMs` ago); undefined when there is nothing to take. Releasing the subdirectory returned
 * hands what is left in it to the next API at once.
 */
export async function takeOverSpool(
  root: string,
  logger: Logger,
  staleMs = DEFAULT_STALE_MS,
): Promise<OwnedDirectory | undefined> {
  const running = await inUse(root, staleMs);
  if (running.length > 0) throw new SpoolInUseError(running);
  const names = await readdir(root);
  if (!names.some((name) => SUBDIRECTORY.test(name) || name === ACTIVE || DRAINING.test(name))) {
    return undefined;
  }
  const owned = await acquireDirectory(root, localDisk);
  try {
    for (const name of names) {
      if (SUBDIRECTORY.test(name) && (await isAbandoned(join(root, name), staleMs))) {
        await adoptDirectory(root, name, owned.path, localDisk);
      }
    }
    // With no API running, nothing writes these any more.
    await claimFlatSpool(root, owned.path, localDisk);
    await moveUpAdopted(owned.path, localDisk, logger);
    // An API that started meanwhile may have taken some of them first: those are its own now.
    const started = await inUse(root, staleMs, owned.path);
    if (started.length > 0) throw new SpoolInUseError(started);
  } catch (error) {
    // Handed back as they were: without an owner, the next API takes them over at once.
    await owned.release().catch((releaseError: unknown) =>
      logger.warn('spool: could not let go of a directory', {
        path: owned.path,
        error: releaseError,
      }),
    );
    throw error;
  }
  return owned;
}
