import { open } from 'node:fs/promises';

/** The part of an open file the spool uses; Node's FileHandle is one. */
export interface SpoolFileHandle {
  stat(): Promise<{ size: number }>;
  /** May write fewer bytes than asked (the answer says how many), as write(2) may. */
  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: null,
  ): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/** How the spool reaches the disk; tests put a disk that writes short or fails in its place. */
export interface SpoolDisk {
  /** Opens a file for appending, creating it readable and writable by this user only. */
  openForAppend(path: string): Promise<SpoolFileHandle>;
  /** Makes the directory's entries (files created, renamed or removed in it) durable. */
  syncDirectory(path: string): Promise<void>;
}

/** Files holding leads are personal data: this user only. */
export const FILE_MODE = 0o600;
/** @see FILE_MODE */
export const DIRECTORY_MODE = 0o700;

export const localDisk: SpoolDisk = {
  openForAppend: (path) => open(path, 'a', FILE_MODE),
  async syncDirectory(path) {
    const directory = await open(path, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  },
};

/** The path, or a directory on it, no longer exists (or is a file). */
export function isMissing(error: unknown): boolean {
  return ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
}
