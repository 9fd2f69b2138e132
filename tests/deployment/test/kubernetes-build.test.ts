import { execFile } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { ConfigMap, Namespace, Secret, ServiceAccount } from 'kubernetes-models/v1';
import { parse, stringify } from 'yaml';
import { optionalTool } from './support/find-on-path';
import {
  AKS_OVERLAY_DIR,
  checkedObject,
  documentedConfigPath,
  KUBERNETES_DIR,
  parseDocuments,
  readKustomization,
  type KubernetesObject,
} from './support/kubernetes';
import { repoPath } from './support/repo';

// kubectl carries kustomize (`kubectl kustomize`, what `kubectl apply -k` builds). Without it only
// the build is skipped: the other Kubernetes tests read the manifests as written.
const {
  path: kubectl,
  test: withKubectl,
  note,
} = optionalTool('kubectl', 'install kubectl, which builds kustomizations');

jest.setTimeout(60_000);

const overlay = readKustomization(AKS_OVERLAY_DIR);

/** The file name the README's Kubernetes section gives the configuration file. */
const CONFIG_FILE = 'leadbridge.config.yaml';

/**
 * `kubectl kustomize` of the AKS overlay, in a copy of deploy/kubernetes whose secret files are
 * their examples (never a developer's own), after `prepare` has changed the copy's overlay.
 */
async function buildOverlay(prepare: (overlayDir: string) => void = () => {}) {
  const root = mkdtempSync(join(tmpdir(), 'kustomize-'));
  try {
    cpSync(repoPath(KUBERNETES_DIR), join(root, KUBERNETES_DIR), { recursive: true });
    const overlayDir = join(root, AKS_OVERLAY_DIR);
    for (const env of overlay.secretGenerator.flatMap((generator) => generator.envs)) {
      copyFileSync(join(overlayDir, `${env}.example`), join(overlayDir, env));
    }
    prepare(overlayDir);
    const { stdout } = await promisify(execFile)(kubectl ?? 'kubectl', ['kustomize', overlayDir], {
      env: { PATH: process.env.PATH ?? '', HOME: root },
      maxBuffer: 16 * 1024 * 1024,
    });
    return parseDocuments(stdout, 'kubectl kustomize').map((value, index) =>
      checkedObject(value, `built object ${index + 1}`),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function workloadsOf(objects: KubernetesObject[]) {
  return objects.filter((object): object is StatefulSet | Deployment =>
    [StatefulSet.is(object), Deployment.is(object)].some(Boolean),
  );
}

function namesOf(objects: KubernetesObject[], is: (object: unknown) => boolean): string[] {
  return objects.filter(is).map((object) => object.metadata?.name ?? '');
}

describe('kustomize builds the AKS overlay', () => {
  withKubectl(
    `into objects the Kubernetes API schemas accept, all in the overlay's namespace${note}`,
    async () => {
      const objects = await buildOverlay();
      const outside = objects.filter(
        (object) => !Namespace.is(object) && object.metadata?.namespace !== overlay.namespace,
      );

      expect(
        workloadsOf(objects)
          .map((object) => object.metadata?.name)
          .sort(),
      ).toEqual(['leadbridge-api', 'leadbridge-worker']);
      expect(namesOf(objects, Namespace.is)).toEqual([overlay.namespace]);
      expect(outside).toEqual([]);
    },
  );

  withKubectl(
    `with every ConfigMap and Secret the workloads name, and the image the overlay names${note}`,
    async () => {
      const objects = await buildOverlay();
      const configMaps = namesOf(objects, ConfigMap.is);
      const secrets = namesOf(objects, Secret.is);
      const [image] = overlay.images;

      for (const workload of workloadsOf(objects)) {
        const name = workload.metadata?.name;
        const pod = workload.spec?.template.spec;
        for (const container of pod?.containers ?? []) {
          const sources = container.envFrom ?? [];
          const missing = [
            ...sources.flatMap((source) => source.configMapRef?.name ?? []),
            ...sources.flatMap((source) => source.secretRef?.name ?? []),
          ].filter((ref) => !configMaps.includes(ref) && !secrets.includes(ref));
          expect({ name, missing }).toEqual({ name, missing: [] });
          expect({ name, image: container.image }).toEqual({
            name,
            image: `${image?.newName}:${image?.newTag}`,
          });
        }
        // Only an optional volume may name a ConfigMap the build does not make.
        const unmade = (pod?.volumes ?? []).filter(
          (volume) =>
            volume.configMap &&
            !configMaps.includes(volume.configMap.name ?? '') &&
            !volume.configMap.optional,
        );
        expect({ name, unmade }).toEqual({ name, unmade: [] });
      }
    },
  );

  withKubectl(`with the overlay's client id on the worker's service account${note}`, async () => {
    const objects = await buildOverlay();
    const account = objects.find(
      (object): object is ServiceAccount =>
        ServiceAccount.is(object) && object.metadata?.name === 'leadbridge-worker',
    );
    const clientId = account?.metadata?.annotations?.['azure.workload.identity/client-id'];

    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(clientId).not.toBe('00000000-0000-0000-0000-000000000000');
  });

  withKubectl(
    `with a configuration file as the README says, both services find it at LEADBRIDGE_CONFIG${note}`,
    async () => {
      const path = documentedConfigPath();
      const objects = await buildOverlay((overlayDir) => {
        copyFileSync(repoPath('leadbridge.config.example.yaml'), join(overlayDir, CONFIG_FILE));
        const kustomization = join(overlayDir, 'kustomization.yaml');
        const parsed = parse(readFileSync(kustomization, 'utf8')) as Record<string, unknown[]>;
        parsed.configMapGenerator?.push({ name: 'leadbridge-config', files: [CONFIG_FILE] });
        writeFileSync(kustomization, stringify(parsed));
        appendFileSync(join(overlayDir, 'settings.env'), `LEADBRIDGE_CONFIG=${path}\n`);
      });
      const configMaps = objects.filter((object): object is ConfigMap => ConfigMap.is(object));
      const settings = configMaps.find((map) =>
        map.metadata?.name?.startsWith('leadbridge-settings-'),
      );
      const config = configMaps.find((map) => map.metadata?.name?.startsWith('leadbridge-config-'));

      expect(path).toMatch(/^\/.+\.yaml$/);
      expect(settings?.data?.LEADBRIDGE_CONFIG).toBe(path);
      expect(Object.keys(config?.data ?? {})).toEqual([CONFIG_FILE]);
      for (const workload of workloadsOf(objects)) {
        const pod = workload.spec?.template.spec;
        const volume = pod?.volumes?.find(
          (item) => item.configMap?.name === config?.metadata?.name,
        );
        const mounts = (pod?.containers ?? []).map(
          (container) =>
            container.volumeMounts?.find((mount) => mount.name === volume?.name)?.mountPath,
        );
        expect({
          workload: workload.metadata?.name,
          files: mounts.map((dir) => `${dir}/${CONFIG_FILE}`),
        }).toEqual({
          workload: workload.metadata?.name,
          files: [path],
        });
      }
    },
  );
});
