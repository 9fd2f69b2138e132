import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { isRecord, readRepoFile, repoPath } from './repo';

/** The Kubernetes manifests, relative to the repository root. */
export const KUBERNETES_DIR = 'deploy/kubernetes';
/** What every installation runs. */
export const BASE_DIR = `${KUBERNETES_DIR}/base`;
/** The example overlay for AKS: image, namespace, Secrets, Ingress. */
export const AKS_OVERLAY_DIR = `${KUBERNETES_DIR}/overlays/aks`;

/**
 * The kinds the manifests use, with the Kubernetes API's schema for each (kubernetes-models). A
 * kind not listed here fails the tests, so a new one is checked against its schema too.
 */
const MODELS = [
  ConfigMap,
  Deployment,
  Ingress,
  Namespace,
  PodDisruptionBudget,
  Secret,
  Service,
  ServiceAccount,
  StatefulSet,
] as const;

export type KubernetesObject = InstanceType<(typeof MODELS)[number]>;

/**
 * One object, checked against its kind's schema; throws naming `where` and every problem.
 * Unknown fields are not schema errors (the API's schemas allow them): see strict-fields.ts.
 */
export function checkedObject(value: unknown, where: string): KubernetesObject {
  if (!isRecord(value)) throw new Error(`${where}: not a mapping`);
  const { apiVersion, kind } = value;
  const Model = MODELS.find((model) => model.apiVersion === apiVersion && model.kind === kind);
  if (!Model) throw new Error(`${where}: no schema here for ${String(apiVersion)} ${String(kind)}`);
  const object = new Model(value);
  try {
    object.validate();
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
  }
  return object;
}

/** Every YAML document of a text, parsed; a YAML error throws naming `where`. */
export function parseDocuments(text: string, where: string): unknown[] {
  return parseAllDocuments(text).map((document, index) => {
    if (document.errors.length > 0) {
      throw new Error(`${where} document ${index + 1}: ${document.errors[0]?.message ?? ''}`);
    }
    return document.toJS() as unknown;
  });
}

/** The objects of one manifest file (relative to the repository root), each checked. */
export function readManifest(path: string): KubernetesObject[] {
  return parseDocuments(readRepoFile(path), path).map((value, index) =>
    checkedObject(value, `${path} document ${index + 1}`),
  );
}

/** The manifest files of a kustomization directory: its YAML files but the kustomization. */
export function manifestFiles(dir: string): string[] {
  return readdirSync(repoPath(dir))
    .filter((name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml')
    .sort();
}

export interface Generator {
  name: string;
  behavior?: string;
  /** Env files (`KEY=value` lines), relative to the kustomization. */
  envs: string[];
  files: string[];
}

export interface Kustomization {
  namespace?: string;
  resources: string[];
  /** Patch files; inline patches name no file. */
  patchFiles: string[];
  configMapGenerator: Generator[];
  secretGenerator: Generator[];
  images: { name: string; newName?: string; newTag?: string }[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => String(item)) : [];
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function optional<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

function generators(value: unknown): Generator[] {
  return records(value).map((item) => ({
    name: String(item.name),
    ...optional('behavior', item.behavior),
    envs: strings(item.envs),
    files: strings(item.files),
  }));
}

/** A directory's kustomization.yaml, with the fields these manifests use. */
export function readKustomization(dir: string): Kustomization {
  const parsed: unknown = parseDocuments(readRepoFile(dir, 'kustomization.yaml'), dir)[0];
  if (!isRecord(parsed) || parsed.kind !== 'Kustomization') {
    throw new Error(`${dir}/kustomization.yaml is not a Kustomization`);
  }
  return {
    ...optional('namespace', parsed.namespace),
    resources: strings(parsed.resources),
    patchFiles: records(parsed.patches).flatMap((patch) =>
      typeof patch.path === 'string' ? [patch.path] : [],
    ),
    configMapGenerator: generators(parsed.configMapGenerator),
    secretGenerator: generators(parsed.secretGenerator),
    images: records(parsed.images).map((image) => ({
      name: String(image.name),
      ...optional('newName', image.newName),
      ...optional('newTag', image.newTag),
    })),
  };
}

/**
 * An env file as kustomize reads it into a ConfigMap or Secret: `KEY=value` lines, `#` comments
 * and blank lines. A bare `KEY` (kustomize takes its value from the environment of whoever runs
 * it) is refused: what a cluster gets must not depend on the shell that applied it.
 */
export function readEnvFile(path: string): Record<string, string> {
  const entries = readRepoFile(path)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (!match) throw new Error(`${path}: not a KEY=value line: ${line}`);
      return [match[1] ?? '', match[2] ?? ''] as const;
    });
  return Object.fromEntries(entries);
}

/** The objects of every manifest a kustomization directory lists, as written (not built). */
export function readListedManifests(dir: string): KubernetesObject[] {
  return readKustomization(dir)
    .resources.filter((resource) => /\.ya?ml$/.test(resource))
    .flatMap((resource) => readManifest(join(dir, resource)));
}

/**
 * The path the README's Kubernetes section tells an overlay to give LEADBRIDGE_CONFIG, for a
 * configuration file it generates the leadbridge-config ConfigMap from.
 */
export function documentedConfigPath(): string {
  const readme = readRepoFile('README.md');
  const section = readme.slice(readme.indexOf('## Kubernetes (AKS)'));
  return /LEADBRIDGE_CONFIG=([^\s`]+)/.exec(section)?.[1] ?? '';
}
