import { join } from 'node:path';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import {
  BASE_DIR,
  readEnvFile,
  readKustomization,
  readListedManifests,
  type KubernetesObject,
} from './kubernetes';

/** A workload of the base, with its pod and its one container. */
export interface Workload {
  object: StatefulSet | Deployment;
  name: string;
  replicas: number;
  podLabels: Record<string, string>;
  pod: IPodSpec;
  container: IContainer;
}

function asWorkload(object: StatefulSet | Deployment): Workload {
  const name = object.metadata?.name ?? '';
  const pod = object.spec?.template.spec;
  const [container, ...others] = pod?.containers ?? [];
  if (!pod || !container || others.length > 0) {
    throw new Error(`${name}: a pod of one container is expected`);
  }
  return {
    object,
    name,
    replicas: object.spec?.replicas ?? 1,
    podLabels: object.spec?.template.metadata?.labels ?? {},
    pod,
    container,
  };
}

/** The base's objects, as written. */
export function baseObjects(): KubernetesObject[] {
  return readListedManifests(BASE_DIR);
}

/** The base's API StatefulSet and worker Deployment. */
export function baseWorkloads(objects = baseObjects()): { api: Workload; worker: Workload } {
  const find = (name: string) => {
    const found = objects.find(
      (object): object is StatefulSet | Deployment =>
        (StatefulSet.is(object) || Deployment.is(object)) && object.metadata?.name === name,
    );
    if (!found) throw new Error(`the base has no workload named ${name}`);
    return asWorkload(found);
  };
  return { api: find('leadbridge-api'), worker: find('leadbridge-worker') };
}

/** The literal `env` values of a container (those taken from elsewhere are left out). */
export function literalEnv(container: IContainer): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).flatMap((variable) =>
      variable.value === undefined ? [] : [[variable.name, variable.value]],
    ),
  );
}

/** The container port a probe or Service names (by name or number), as a number. */
export function containerPort(container: IContainer, port: string | number): number | undefined {
  const found = (container.ports ?? []).find((item) =>
    typeof port === 'number' ? item.containerPort === port : item.name === port,
  );
  return found?.containerPort;
}

/** Whether a label selector's labels are all among `labels`. */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** The settings ConfigMap the base generates from its env file: name and keys. */
export function baseSettings(): { name: string; values: Record<string, string> } {
  const [generator, ...others] = readKustomization(BASE_DIR).configMapGenerator;
  if (!generator || others.length > 0 || generator.envs.length !== 1) {
    throw new Error(`${BASE_DIR}: one settings ConfigMap from one env file is expected`);
  }
  return { name: generator.name, values: readEnvFile(join(BASE_DIR, generator.envs[0] ?? '')) };
}
