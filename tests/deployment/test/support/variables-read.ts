import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from './repo';
import { runtimeClosure, type Workspace } from './workspaces';

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a workspace without src/
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The environment variable names a workspace's running code can read: every quoted upper-case
 * name (`'REDIS_URL'`, `` `REDIS_PASSWORD` ``) in the sources of the workspace and of the
 * workspaces it needs at run time. Settings are read by name through envReader, so a variable no
 * source quotes is one no service reads.
 */
export function variablesRead(workspace: Workspace): Set<string> {
  const names = new Set<string>();
  for (const dependency of runtimeClosure(workspace)) {
    for (const file of sourceFiles(repoPath(dependency.dir, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(['"`])([A-Z][A-Z0-9_]+)\1/g)) {
        names.add(match[2] ?? '');
      }
    }
  }
  return names;
}
