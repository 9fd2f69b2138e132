import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The path of an executable on the PATH, or undefined. */
export function findOnPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * A tool some tests need and may do without: its path, the `test` to declare them with (skipped
 * without the tool), and a note for their names saying why they were skipped.
 */
export function optionalTool(binary: string, install: string) {
  const path = findOnPath(binary);
  return {
    path,
    test: path ? test : test.skip,
    note: path ? '' : ` [skipped: no ${binary}; ${install}]`,
  };
}
