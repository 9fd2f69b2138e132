import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isRecord, readRepoFile, repoPath } from './repo';

interface BuildDirs {
  rootDir: string;
  outDir: string;
}

/** rootDir and outDir of a workspace's tsconfig.build.json, the config its build script uses. */
export function buildDirs(workspaceDir: string): BuildDirs {
  const parsed: unknown = JSON.parse(readRepoFile(workspaceDir, 'tsconfig.build.json'));
  const options =
    isRecord(parsed) && isRecord(parsed.compilerOptions) ? parsed.compilerOptions : {};
  if (typeof options.rootDir !== 'string' || typeof options.outDir !== 'string') {
    throw new Error(`${workspaceDir}/tsconfig.build.json names no rootDir and outDir`);
  }
  return { rootDir: options.rootDir, outDir: options.outDir };
}

/**
 * The TypeScript source that `tsc -p tsconfig.build.json` compiles to `builtFile` (relative to
 * the workspace), or undefined when no source would produce it.
 */
export function sourceOf(workspaceDir: string, builtFile: string): string | undefined {
  const { rootDir, outDir } = buildDirs(workspaceDir);
  const inOutDir = relative(outDir, builtFile);
  if (inOutDir.startsWith('..') || !inOutDir.endsWith('.js')) return undefined;
  const source = join(rootDir, inOutDir.replace(/\.js$/, '.ts'));
  return existsSync(repoPath(workspaceDir, source)) ? source : undefined;
}
