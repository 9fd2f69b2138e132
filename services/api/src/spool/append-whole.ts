import type { SpoolDisk } from './spool-disk';

/**
 * A write failed and the file could not be cut back to where it was: its last line is partial,
 * so nothing may be appended after it (the next line would be glued to the broken one).
 */
export class TornTailError extends Error {
  constructor(cause: unknown) {
    super('a failed write could not be undone: the spool file ends with a partial line', {
      cause,
    });
    this.name = 'TornTailError';
  }
}

/**
 * Appends `data` to the file at `path` and fsyncs it: either every byte is down (write(2) may take
 * fewer than asked, so it is called until none is left), or the file is cut back to its size
 * before and the error is thrown. `created` says the file was empty before, so its directory entry
 * still has to be made durable.
 */
export async function appendWhole(
  disk: SpoolDisk,
  path: string,
  data: Uint8Array,
): Promise<{ created: boolean }> {
  const file = await disk.openForAppend(path);
  try {
    const { size } = await file.stat();
    try {
      for (let offset = 0; offset < data.length;) {
        const { bytesWritten } = await file.write(data, offset, data.length - offset, null);
        if (bytesWritten <= 0) throw new Error(`the disk took no bytes of ${path}`);
        offset += bytesWritten;
      }
      await file.datasync();
    } catch (error) {
      try {
        await file.truncate(size);
        await file.datasync();
      } catch {
        throw new TornTailError(error);
      }
      throw error;
    }
    return { created: size === 0 };
  } finally {
    await file.close();
  }
}
