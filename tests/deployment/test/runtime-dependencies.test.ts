import { finalStage, instructionsOf, readDockerfile } from './support/dockerfile';
import { isRecord, readRepoFile } from './support/repo';

interface LockedPackage {
  dev: boolean;
  /** A workspace: where its link points (`packages/x`). */
  linkTo?: string;
  dependencies: string[];
}

/** package-lock.json's entries by path (`node_modules/a`, `packages/x`…), as `npm ci` reads them. */
function readLockfile(): Map<string, LockedPackage> {
  const parsed: unknown = JSON.parse(readRepoFile('package-lock.json'));
  if (!isRecord(parsed) || !isRecord(parsed.packages)) throw new Error('no lockfile v3 packages');
  const names = (value: unknown) => (isRecord(value) ? Object.keys(value) : []);
  return new Map(
    Object.entries(parsed.packages).map(([path, entry]) => {
      const item = isRecord(entry) ? entry : {};
      return [
        path,
        {
          dev: item.dev === true,
          ...(item.link === true && typeof item.resolved === 'string'
            ? { linkTo: item.resolved }
            : {}),
          // What npm installs beside a package: its dependencies, optional ones and peers.
          dependencies: [
            ...names(item.dependencies),
            ...names(item.optionalDependencies),
            ...names(item.peerDependencies),
          ],
        },
      ];
    }),
  );
}

/** Node's lookup: the nearest node_modules/<name> from the package's directory upwards. */
function resolve(lock: Map<string, LockedPackage>, from: string, name: string): string | undefined {
  const dirs = [from];
  for (let dir = from; dir.includes('/node_modules/');) {
    dir = dir.slice(0, dir.lastIndexOf('/node_modules/'));
    dirs.push(dir);
  }
  dirs.push('');
  const found = dirs
    .map((dir) => (dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`))
    .find((candidate) => lock.has(candidate));
  return found === undefined ? undefined : (lock.get(found)?.linkTo ?? found);
}

/** The workspaces whose build the image runs: the `COPY --from=build /app/<dir>/dist` lines. */
function runtimeWorkspaces(): string[] {
  return instructionsOf(finalStage(readDockerfile()), 'COPY').flatMap((args) => {
    const match = /^--from=\S+ \/app\/(\S+)\/dist /.exec(args);
    return match?.[1] ? [match[1]] : [];
  });
}

describe('the runtime image', () => {
  test('installs only packages the services it runs need, none that only the tests use', () => {
    const lock = readLockfile();
    const needed = new Set<string>();
    const visit = (path: string) => {
      if (needed.has(path)) return;
      needed.add(path);
      for (const name of lock.get(path)?.dependencies ?? []) {
        const found = resolve(lock, path, name);
        if (found) visit(found);
      }
    };
    for (const dir of runtimeWorkspaces()) visit(dir);

    // `npm ci --omit=dev` installs every entry not marked dev (workspaces are links, not copies).
    const installed = [...lock.entries()]
      .filter(([path, item]) => path.includes('node_modules/') && !item.dev && !item.linkTo)
      .map(([path]) => path);
    const unneeded = installed.filter((path) => !needed.has(path));

    expect(runtimeWorkspaces()).toEqual(
      expect.arrayContaining(['services/api', 'services/worker']),
    );
    expect(unneeded).toEqual([]);
  });
});
