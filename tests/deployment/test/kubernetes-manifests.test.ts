import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AKS_OVERLAY_DIR,
  BASE_DIR,
  manifestFiles,
  readEnvFile,
  readKustomization,
  parseDocuments,
  readManifest,
} from './support/kubernetes';
import { baseWorkloads } from './support/kubernetes-workloads';
import { readRepoFile, REPO_ROOT, repoPath } from './support/repo';
import { unknownFields } from './support/strict-fields';

const DIRS = [BASE_DIR, AKS_OVERLAY_DIR];
const everyManifest = DIRS.flatMap((dir) => manifestFiles(dir).map((file) => join(dir, file)));

/** A path a kustomization names: a file, or a directory holding a kustomization. */
function exists(dir: string, path: string): boolean {
  const full = repoPath(dir, path);
  if (!existsSync(full)) return false;
  return statSync(full).isDirectory() ? existsSync(join(full, 'kustomization.yaml')) : true;
}

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
}

function ignoredByGit(path: string): boolean {
  try {
    git(['check-ignore', '--quiet', '--no-index', path]);
    return true;
  } catch {
    return false;
  }
}

const overlay = readKustomization(AKS_OVERLAY_DIR);
const secretFiles = overlay.secretGenerator.flatMap((generator) =>
  generator.envs.map((env) => join(AKS_OVERLAY_DIR, env)),
);

// TypeScript reads kubernetes-models' declarations: a few seconds on a busy 2-core machine.
jest.setTimeout(60_000);

describe('the Kubernetes manifests', () => {
  test.each(everyManifest)('%s holds objects the Kubernetes API schemas accept', (path) => {
    expect(readManifest(path).length).toBeGreaterThan(0);
  });

  test('no manifest has a field its kind does not know, or a value of the wrong type', () => {
    const documents = everyManifest.flatMap((path) =>
      parseDocuments(readRepoFile(path), path).map((value, index) => ({
        where: `${path} document ${index + 1}`,
        value,
      })),
    );
    const problems = unknownFields(documents.map(({ value }) => value));

    expect(documents.map(({ where }, index) => ({ where, problems: problems[index] }))).toEqual(
      documents.map(({ where }) => ({ where, problems: [] })),
    );
  });

  test.each(DIRS)('%s: the kustomization lists every manifest beside it', (dir) => {
    const { resources, patchFiles } = readKustomization(dir);
    const listed = [...resources, ...patchFiles].filter((path) => !path.includes('/')).sort();

    expect(listed).toEqual(manifestFiles(dir));
  });

  test.each(DIRS)('%s: every file the kustomization names exists', (dir) => {
    const kustomization = readKustomization(dir);
    const named = [
      ...kustomization.resources,
      ...kustomization.patchFiles,
      ...kustomization.configMapGenerator.flatMap((generator) => [
        ...generator.envs,
        ...generator.files,
      ]),
      // The secret files are made by whoever deploys (next test); their examples must exist.
      ...kustomization.secretGenerator.flatMap((generator) => [
        ...generator.envs.map((env) => `${env}.example`),
        ...generator.files.map((file) => `${file}.example`),
      ]),
    ];

    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((path) => !exists(dir, path))).toEqual([]);
  });

  test('the overlay builds on the base, in a namespace of its own, and names the Redis and the org', () => {
    const settings = overlay.configMapGenerator.find(({ name }) => name === 'leadbridge-settings');
    const values = Object.assign(
      {},
      ...(settings?.envs ?? []).map((env) => readEnvFile(join(AKS_OVERLAY_DIR, env))),
    ) as Record<string, string>;

    expect(overlay.resources).toContain('../../base');
    expect(overlay.namespace).toBeDefined();
    // Merged over the base's, whose empty REDIS_URL would send the API to 127.0.0.1, where it
    // would spool every lead while answering that it is ready.
    expect(settings?.behavior).toBe('merge');
    expect(values.REDIS_URL).toMatch(/^rediss?:\/\/./);
    expect(values.DATAVERSE_URL).toMatch(/^https:\/\/./);
  });

  test("the overlay's Secrets come from files git never takes, whose committed examples hold no value", () => {
    expect(secretFiles.length).toBeGreaterThan(0);
    for (const file of secretFiles) {
      expect({ file, ignored: ignoredByGit(file) }).toEqual({ file, ignored: true });
      expect({ file, tracked: git(['ls-files', file]).trim() }).toEqual({ file, tracked: '' });
      const example = readEnvFile(`${file}.example`);
      expect(Object.keys(example).length).toBeGreaterThan(0);
      expect(Object.entries(example).filter(([, value]) => value !== '')).toEqual([]);
    }
  });

  test('the workloads take their settings and secrets from what the kustomizations generate', () => {
    const configMaps = readKustomization(BASE_DIR).configMapGenerator.map(({ name }) => name);
    const secrets = overlay.secretGenerator.map(({ name }) => name);

    for (const workload of Object.values(baseWorkloads())) {
      const sources = workload.container.envFrom ?? [];
      const configMapRefs = sources.flatMap((source) => source.configMapRef?.name ?? []);
      const secretRefs = sources.flatMap((source) => source.secretRef?.name ?? []);
      // A ConfigMap volume nothing generates must be optional: the configuration file's.
      const missingVolumes = (workload.pod.volumes ?? []).filter(
        (volume) =>
          volume.configMap !== undefined &&
          !configMaps.includes(volume.configMap.name ?? '') &&
          volume.configMap.optional !== true,
      );

      expect({ workload: workload.name, configMapRefs }).toEqual({
        workload: workload.name,
        configMapRefs: configMaps,
      });
      expect({ workload: workload.name, secretRefs }).toEqual({
        workload: workload.name,
        secretRefs: [`${workload.name}-secrets`],
      });
      expect(secrets).toContain(`${workload.name}-secrets`);
      expect(missingVolumes).toEqual([]);
    }
  });
});
