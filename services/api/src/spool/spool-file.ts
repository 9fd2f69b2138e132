import { readFile } from 'node:fs/promises';

/**
 * Reads a spool file: one JSON document per line. A last line without its newline is a write
 * that was cut short (a crash mid-append); it was never acknowledged, because the API answers
 * only after the whole line is on disk, so it is skipped. Unreadable lines are reported, not
 * thrown, so one bad line cannot hold back the rest.
 */
export async function readSpoolFile<T>(
  path: string,
): Promise<{ entries: T[]; tornTail: boolean; unreadable: number }> {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const entries: T[] = [];
  let unreadable = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      unreadable++;
    }
  }
  return { entries, tornTail: tail.trim() !== '', unreadable };
}
