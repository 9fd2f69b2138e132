import type { Stats } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '@leadbridge/service-kit';
import { isLeadOf } from './lead-email';
import { takeOverSpool } from './spool-takeover';

export interface SpoolErasure {
  /** False when the directory does not exist (no API ever spooled there). */
  exists: boolean;
  /** The person's lines removed: leads never queued, so never delivered. */
  lines: number;
  /** Their lead ids, where a line could be read. */
  leadIds: string[];
  /** Files rewritten or, emptied, removed. */
  files: number;
  /** Files that kept changing while being rewritten: left as they were. */
  busy: string[];
}

/** Spool files are NDJSON (`leads.ndjson`, `draining-….ndjson`, `….ndjson.unreadable`). */
function isSpoolFile(name: string): boolean {
  return name.includes('.ndjson') && !name.startsWith('.');
}

async function spoolFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await spoolFiles(path)));
    else if (entry.isFile() && isSpoolFile(entry.name)) files.push(path);
  }
  return files;
}

function leadIdOf(line: string): string | undefined {
  try {
    const { leadId } = JSON.parse(line) as { leadId?: unknown };
    return typeof leadId === 'string' ? leadId : undefined;
  } catch {
    return undefined;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Replaces the file with `text` (or removes it when empty) through a synced temporary file and
 * a rename, so a crash leaves either the old file or the new one, never half of either. False,
 * and nothing changed, when the file changed since it was read.
 */
async function replaceFile(path: string, text: string, read: Stats): Promise<boolean> {
  const temporary = join(dirname(path), `.${basename(path)}.forget-${process.pid}`);
  if (text !== '') {
    const handle = await open(temporary, 'w', read.mode & 0o777);
    try {
      await handle.chmod(read.mode & 0o777);
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  try {
    if (!sameFile(await stat(path), read)) return false;
    await (text === '' ? unlink(path) : rename(temporary, path));
  } finally {
    // Renamed, it is gone already; otherwise it must not be left beside the spool.
    if (text !== '') await unlink(temporary).catch(() => undefined);
  }
  await syncDirectory(dirname(path));
  return true;
}

/** The file without the person's lines; undefined when it holds none. */
function withoutPerson(
  text: string,
  email: string,
): { kept: string; removed: string[] } | undefined {
  // A last line without its newline was cut short by a crash and never acknowledged; it stays
  // as it is unless it is the person's.
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const removed = [...lines, tail].filter((line) => line !== '' && isLeadOf(line, email));
  if (removed.length === 0) return undefined;
  const kept = lines.filter((line) => !isLeadOf(line, email)).map((line) => `${line}\n`);
  if (tail !== '' && !isLeadOf(tail, email)) kept.push(tail);
  return { kept: kept.join(''), removed };
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * The person's lines removed from the file, none (undefined), or `busy` when the file kept
 * changing. A file the API drained away meanwhile has nothing left to remove.
 */
async function forgetInFile(path: string, email: string): Promise<string[] | 'busy' | undefined> {
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const read = await stat(path);
      const change = withoutPerson(await readFile(path, 'utf8'), email);
      if (!change) return undefined;
      if (await replaceFile(path, change.kept, read)) return change.removed;
    }
    return 'busy';
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** How often the command shows it is alive while it holds the spool, as an API does. */
const HEARTBEAT_MS = 5_000;

/**
 * Removes the person's leads from every spool file under `dir`, at any depth. The files of every
 * API's subdirectory are first taken over, as an API takes over those of a process that is gone,
 * so no API appends to them or drains them while they are rewritten; SpoolInUseError, and nothing
 * changed, while an API may still own one. What is left is then handed to the next API.
 */
export async function forgetInSpool(
  dir: string,
  email: string,
  logger: Logger,
): Promise<SpoolErasure> {
  const result: SpoolErasure = { exists: true, lines: 0, leadIds: [], files: 0, busy: [] };
  try {
    await stat(dir);
  } catch (error) {
    if (!isMissing(error)) throw error;
    return { ...result, exists: false };
  }
  const owned = await takeOverSpool(dir, logger);
  const heartbeat = setInterval(() => void owned?.heartbeat().catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    for (const path of await spoolFiles(dir)) {
      const outcome = await forgetInFile(path, email);
      if (outcome === 'busy') result.busy.push(path);
      else if (outcome) {
        result.files++;
        result.lines += outcome.length;
        result.leadIds.push(...outcome.flatMap((line) => leadIdOf(line) ?? []));
      }
    }
  } finally {
    clearInterval(heartbeat);
    await owned?.release();
  }
  return result;
}
