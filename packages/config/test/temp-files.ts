import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A directory of its own under the system's temp directory, for one test file's files. */
export function tempFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'leadbridge-config-'));
  return {
    dir,
    /** Writes the file and returns its path. */
    write(name: string, text: string): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Joins lines, so a fixture's line numbers can be read off the test. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}
