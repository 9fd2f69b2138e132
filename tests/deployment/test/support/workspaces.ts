import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, repoPath, type PackageManifest } from './repo';

export interface Workspace extends PackageManifest {
  /** Relative to the repository root, e.g. `services/api`. */
  dir: string;
}

/** The workspaces the root package.json declares (`packages/*` style globs only). */
export function listWorkspaces(): Workspace[] {
  return readManifest('.').workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) throw new Error(`unsupported workspace pattern ${pattern}`);
    const parent = pattern.slice(0, -2);
    return readdirSync(repoPath(parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name))
      .filter((dir) => existsSync(repoPath(dir, 'package.json')))
      .map((dir) => ({ dir, ...readManifest(dir) }));
  });
}

export function workspaceNamed(name: string): Workspace | undefined {
  return listWorkspaces().find((workspace) => workspace.name === name);
}

/** The workspace and the workspaces it needs at run time, transitively. */
export function runtimeClosure(workspace: Workspace): Workspace[] {
  const byName = new Map(listWorkspaces().map((item) => [item.name, item]));
  const needed = new Map<string, Workspace>();
  const visit = (current: Workspace) => {
    if (needed.has(current.name)) return;
    needed.set(current.name, current);
    for (const dependency of current.dependencies) {
      const linked = byName.get(dependency);
      if (linked) visit(linked);
    }
  };
  visit(workspace);
  return [...needed.values()];
}
