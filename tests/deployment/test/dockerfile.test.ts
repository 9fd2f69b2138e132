import { envOf, execForm, finalStage, instructionsOf, readDockerfile } from './support/dockerfile';
import { readRepoFile } from './support/repo';
import { listWorkspaces } from './support/workspaces';

const stages = readDockerfile();
const runtime = finalStage(stages);
// One stage would make both the same, which the first test reports.
const build = stages[0] ?? runtime;
const runs = (stage: typeof runtime) => instructionsOf(stage, 'RUN').join('\n');

describe('the Dockerfile', () => {
  test('builds on Node 20 slim in every stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.map((stage) => stage.image)).toEqual(stages.map(() => 'node:20-bookworm-slim'));
  });

  test('installs every dependency from the lockfile and builds with turbo', () => {
    expect(runs(build)).toMatch(/\bnpm ci\b/);
    expect(runs(build)).not.toMatch(/--omit/);
    expect(runs(build)).toMatch(/\bturbo run build\b/);
  });

  test('ships production dependencies only, never the build stage node_modules', () => {
    const copies = instructionsOf(runtime, 'COPY');

    expect(runs(runtime)).toMatch(/\bnpm ci\b[^\n&]*--omit=dev/);
    expect(copies.filter((args) => /node_modules/.test(args))).toEqual([]);
    // The whole tree is copied only where the dev dependencies are: in the build stage.
    expect(copies.filter((args) => /^\.\s/.test(args))).toEqual([]);
  });

  // npm ci stops when a workspace the lockfile names has no package.json: a new workspace must be
  // copied in here too.
  test('copies every workspace manifest before each npm ci', () => {
    for (const stage of [build, runtime]) {
      const copies = instructionsOf(stage, 'COPY');
      const missing = listWorkspaces()
        .map((workspace) => `${workspace.dir}/package.json ${workspace.dir}/`)
        .filter((copy) => !copies.includes(copy));

      expect({ stage: stage.name, missing }).toEqual({ stage: stage.name, missing: [] });
    }
  });

  test('runs as the unprivileged node user', () => {
    const users = instructionsOf(runtime, 'USER');

    expect(users.at(-1)).toBe('node');
  });

  test('starts the command under tini, which passes signals to npm and reaps zombies', () => {
    const [entrypoint] = instructionsOf(runtime, 'ENTRYPOINT');

    expect(runs(runtime)).toMatch(/apt-get install [^\n]*\btini\b/);
    // Without -g: signalling the whole process group would reach node twice (see graceful-stop).
    expect(execForm(entrypoint ?? '[]')).toEqual(['/usr/bin/tini', '--']);
    expect(envOf(runtime, 'NPM_CONFIG_SCRIPT_SHELL')).toBe('/bin/bash');
  });

  test('.dockerignore keeps dependencies, builds, secrets and local state out of the context', () => {
    const ignored = readRepoFile('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));

    expect(ignored).toEqual(
      expect.arrayContaining([
        '**/node_modules',
        '**/dist',
        '**/.turbo',
        '**/coverage',
        '.env',
        'var',
        '.git',
      ]),
    );
  });
});
