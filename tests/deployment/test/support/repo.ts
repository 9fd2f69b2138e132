import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root: tests/deployment/test/support is four levels down. */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

export function repoPath(...segments: string[]): string {
  return join(REPO_ROOT, ...segments);
}

export function readRepoFile(...segments: string[]): string {
  return readFileSync(repoPath(...segments), 'utf8');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface PackageManifest {
  name: string;
  scripts: Record<string, string>;
  /** Production dependencies only. */
  dependencies: string[];
  workspaces: string[];
}

function stringValues(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** A package.json, with the fields the deployment files rely on. */
export function readManifest(dir: string): PackageManifest {
  const parsed: unknown = JSON.parse(readRepoFile(dir, 'package.json'));
  if (!isRecord(parsed) || typeof parsed.name !== 'string') {
    throw new Error(`${dir}/package.json has no name`);
  }
  return {
    name: parsed.name,
    scripts: stringValues(parsed.scripts),
    dependencies: Object.keys(stringValues(parsed.dependencies)),
    workspaces: Array.isArray(parsed.workspaces)
      ? parsed.workspaces.filter((item): item is string => typeof item === 'string')
      : [],
  };
}
