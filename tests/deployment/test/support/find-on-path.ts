import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The executable `binary` on the PATH, or undefined when none is installed. */
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
