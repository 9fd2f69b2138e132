import { dirname, join } from 'node:path';
import { ServiceAccount } from 'kubernetes-models/v1';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { commandOf, readCompose } from './support/compose';
import { finalStage, instructionsOf, readDockerfile } from './support/dockerfile';
import {
  AKS_OVERLAY_DIR,
  documentedConfigPath,
  readEnvFile,
  readKustomization,
} from './support/kubernetes';
import {
  baseObjects,
  baseSettings,
  baseWorkloads,
  containerPort,
  literalEnv,
  type Workload,
} from './support/kubernetes-workloads';
import { npmScriptCall } from './support/npm-script-call';
import { readRepoFile } from './support/repo';
import { variablesRead } from './support/variables-read';
import { workspaceNamed, type Workspace } from './support/workspaces';

const objects = baseObjects();
const { api, worker } = baseWorkloads(objects);
const workloads = [api, worker];
const settings = baseSettings();
const compose = readCompose().services;
/** The compose service each workload runs as. */
const COMPOSE_SERVICE = { 'leadbridge-api': 'api', 'leadbridge-worker': 'worker' } as const;

function composeService(workload: Workload) {
  const name = COMPOSE_SERVICE[workload.name as keyof typeof COMPOSE_SERVICE];
  const service = compose[name];
  if (!service) throw new Error(`docker-compose.yml has no ${name} service`);
  return service;
}

function workspaceOf(workload: Workload): Workspace {
  const name = npmScriptCall(workload.container.args ?? [])?.workspace;
  const workspace = name === undefined ? undefined : workspaceNamed(name);
  if (!workspace) throw new Error(`${workload.name} runs no workspace's script`);
  return workspace;
}

/** The keys of the Secret a workload reads, from the overlay's example of its file. */
function secretKeys(workload: Workload): string[] {
  const generator = readKustomization(AKS_OVERLAY_DIR).secretGenerator.find(
    ({ name }) => name === `${workload.name}-secrets`,
  );
  if (!generator) throw new Error(`the overlay makes no Secret for ${workload.name}`);
  return generator.envs.flatMap((env) =>
    Object.keys(readEnvFile(join(AKS_OVERLAY_DIR, `${env}.example`))),
  );
}

function serviceAccount(name: string | undefined): ServiceAccount {
  const found = objects.find(
    (object): object is ServiceAccount =>
      ServiceAccount.is(object) && object.metadata?.name === name,
  );
  if (!found) throw new Error(`the base has no service account ${name ?? '(none named)'}`);
  return found;
}

/** The `--max-old-space-size` the workload's start script gives node, in MB. */
function heapLimitMb(workload: Workload): number {
  const script = workspaceOf(workload).scripts.start ?? '';
  return Number(/--max-old-space-size=(\d+)/.exec(script)?.[1]);
}

/** Kubernetes quantities as these manifests write them: `256Mi`, `1`, `100m`. */
function mebibytes(quantity: string | number | undefined): number {
  const match = /^(\d+)Mi$/.exec(String(quantity));
  if (!match) throw new Error(`not a quantity in Mi: ${String(quantity)}`);
  return Number(match[1]);
}
function cores(quantity: string | number | undefined): number {
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

/** A figure `npm run bench` wrote to docs/benchmarks.md, found by the words before it. */
function benchmarkFigure(before: string): number {
  const text = readRepoFile('docs/benchmarks.md');
  const index = text.indexOf(before);
  const figure =
    index === -1
      ? undefined
      : /^\s*\*\*([\d,]+) MB\*\*/.exec(text.slice(index + before.length))?.[1];
  if (figure === undefined) throw new Error(`docs/benchmarks.md has no "${before}" figure`);
  return Number(figure.replace(/,/g, ''));
}

function httpProbe(probe: IProbe | undefined) {
  return { path: probe?.httpGet?.path, port: probe?.httpGet?.port };
}

describe('the Kubernetes workloads', () => {
  test.each(workloads.map((workload) => [workload.name, workload] as const))(
    '%s runs the image and the command docker-compose.yml runs, under the image entrypoint',
    (_name, workload) => {
      const service = composeService(workload);

      expect(workload.container.image).toBe(service.image);
      expect(workload.container.args).toEqual(commandOf(service));
      // A `command` would replace the image's ENTRYPOINT, tini, which passes SIGTERM on to npm.
      expect(workload.container.command).toBeUndefined();
      expect(instructionsOf(finalStage(readDockerfile()), 'ENTRYPOINT')).toHaveLength(1);
    },
  );

  test.each(workloads.map((workload) => [workload.name, workload] as const))(
    '%s is given only environment variables its service reads',
    (_name, workload) => {
      const read = variablesRead(workspaceOf(workload));
      const given = [
        ...(workload.container.env ?? []).map((variable) => variable.name),
        ...secretKeys(workload),
      ];

      expect(given.length).toBeGreaterThan(0);
      expect(given.filter((name) => !read.has(name))).toEqual([]);
    },
  );

  test('each setting in the shared ConfigMap is read by the API or the worker', () => {
    const read = new Set([
      ...variablesRead(workspaceOf(api)),
      ...variablesRead(workspaceOf(worker)),
    ]);
    const names = Object.keys(settings.values);

    expect(names).toEqual(
      expect.arrayContaining(['REDIS_URL', 'QUEUE_PREFIX', 'LEADBRIDGE_CONFIG']),
    );
    expect(names.filter((name) => !read.has(name))).toEqual([]);
  });

  test('the shared settings leave alone what the manifests fix: ports, the spool, the shutdown time', () => {
    const fixed = workloads.flatMap((workload) => Object.keys(literalEnv(workload.container)));

    expect(fixed).toEqual(
      expect.arrayContaining(['PORT', 'ADMIN_PORT', 'SPOOL_DIR', 'WORKER_HEALTH_PORT']),
    );
    expect(Object.keys(settings.values).filter((name) => fixed.includes(name))).toEqual([]);
  });

  test('the worker takes its tenant and client id and its authority from the workload identity webhook, which fills in only what nothing sets', () => {
    const fromWebhook = ['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_AUTHORITY_HOST'];
    const set = [
      ...(worker.container.env ?? []).map((variable) => variable.name),
      ...Object.keys(settings.values),
    ];

    expect([...variablesRead(workspaceOf(worker))]).toEqual(expect.arrayContaining(fromWebhook));
    expect(set.filter((name) => fromWebhook.includes(name))).toEqual([]);
  });

  test('the worker runs under AKS workload identity; the API has no identity and no token', () => {
    const workerAccount = serviceAccount(worker.pod.serviceAccountName);
    const apiAccount = serviceAccount(api.pod.serviceAccountName);

    expect(worker.podLabels['azure.workload.identity/use']).toBe('true');
    expect(workerAccount.metadata?.annotations?.['azure.workload.identity/client-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(api.podLabels['azure.workload.identity/use']).toBeUndefined();
    expect(apiAccount.metadata?.annotations?.['azure.workload.identity/client-id']).toBeUndefined();
    // The webhook mounts its own token for Entra ID; neither service calls the Kubernetes API.
    for (const account of [workerAccount, apiAccount]) {
      expect(account.automountServiceAccountToken).toBe(false);
    }
    for (const workload of workloads) expect(workload.pod.automountServiceAccountToken).toBe(false);
  });

  // The API's probes ask its ingest port: the admin listener, which also answers /healthz,
  // starts only with ADMIN_PASSWORD. The worker's ask its health listener.
  test.each([
    [
      'leadbridge-api',
      api,
      'ingest',
      'PORT',
      'services/api/src/routes/health-routes.ts',
      "router.get('%s'",
    ],
    [
      'leadbridge-worker',
      worker,
      'health',
      'WORKER_HEALTH_PORT',
      'services/worker/src/health-server.ts',
      "path === '%s'",
    ],
  ] as const)(
    "%s's probes ask the port it is told to listen on, for the paths it serves there",
    (_name, workload, port, variable, source, route) => {
      const { container } = workload;
      const probes = [container.startupProbe, container.livenessProbe, container.readinessProbe];
      const served = readRepoFile(source);

      expect(containerPort(container, port)).toBe(Number(literalEnv(container)[variable]));
      expect(probes.map(httpProbe)).toEqual([
        { path: '/healthz', port },
        { path: '/healthz', port },
        { path: '/readyz', port },
      ]);
      for (const path of ['/healthz', '/readyz'])
        expect(served).toContain(route.replace('%s', path));
    },
  );

  test("the admin listener's container port is the one the API is told", () => {
    expect(containerPort(api.container, 'admin')).toBe(
      Number(literalEnv(api.container).ADMIN_PORT),
    );
  });

  test("the spool is on each API replica's own volume claim, writable, at SPOOL_DIR", () => {
    const spoolDir = literalEnv(api.container).SPOOL_DIR ?? '';
    const claims = (
      api.object.kind === 'StatefulSet' ? api.object.spec?.volumeClaimTemplates : []
    )?.map((claim) => claim.metadata?.name);
    const mount = (api.container.volumeMounts ?? []).find((item) =>
      spoolDir.startsWith(`${item.mountPath}/`),
    );

    expect(api.object.kind).toBe('StatefulSet');
    expect(api.replicas).toBeGreaterThanOrEqual(2);
    expect(claims).toContain(mount?.name);
    expect(mount?.readOnly).not.toBe(true);
    // Not also a volume of the pod (an emptyDir would go with the pod).
    expect((api.pod.volumes ?? []).map((volume) => volume.name)).not.toContain(mount?.name);
  });

  test.each(workloads.map((workload) => [workload.name, workload] as const))(
    '%s mounts the configuration file ConfigMap read-only',
    (_name, workload) => {
      const volume = (workload.pod.volumes ?? []).find(
        (item) => item.configMap?.name === 'leadbridge-config',
      );
      const mount = (workload.container.volumeMounts ?? []).find(
        (item) => item.name === volume?.name,
      );

      expect(mount?.readOnly).toBe(true);
      expect(dirname(documentedConfigPath())).toBe(mount?.mountPath);
    },
  );

  test.each(workloads.map((workload) => [workload.name, workload] as const))(
    '%s runs as the image user, never root, on a read-only root filesystem without capabilities',
    (_name, workload) => {
      const pod = workload.pod.securityContext;
      const container = workload.container.securityContext;

      expect(instructionsOf(finalStage(readDockerfile()), 'USER').at(-1)).toBe('node');
      // The `node` user of the official Node.js images; a number, so the kubelet can check it.
      expect(pod?.runAsUser).toBe(1000);
      expect(pod?.runAsNonRoot).toBe(true);
      expect(pod?.seccompProfile?.type).toBe('RuntimeDefault');
      expect(container?.allowPrivilegeEscalation).toBe(false);
      expect(container?.readOnlyRootFilesystem).toBe(true);
      expect(container?.capabilities?.drop).toEqual(['ALL']);
      expect(container?.capabilities?.add).toBeUndefined();
      expect(container?.privileged).not.toBe(true);
      expect(workload.pod.hostNetwork).not.toBe(true);
      expect((workload.pod.volumes ?? []).filter((volume) => volume.hostPath)).toEqual([]);
    },
  );

  test('the kubelet waits as long as each service takes to stop', () => {
    const graceMs = Number(literalEnv(worker.container).SHUTDOWN_GRACE_MS);
    const preStop = api.container.lifecycle?.preStop?.exec?.command ?? [];
    const pauseSeconds = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;

    // The worker allows itself SHUTDOWN_GRACE_MS and 5 s more; the API 10 s, after its pause.
    expect(worker.pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(graceMs / 1000 + 5);
    expect(api.pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(pauseSeconds + 10);
  });

  test('workers in a rollout stay within the requests Dataverse allows at once', () => {
    const defaults = readRepoFile('packages/config/src/config-defaults.ts');
    const limit = Number(/DATAVERSE_MAX_CONCURRENCY_LIMIT = (\d+)/.exec(defaults)?.[1]);
    const concurrency = Number(
      settings.values.DATAVERSE_MAX_CONCURRENCY || /maxConcurrency: (\d+)/.exec(defaults)?.[1],
    );
    const strategy = worker.object.kind === 'Deployment' ? worker.object.spec?.strategy : undefined;
    const surge = Number(strategy?.rollingUpdate?.maxSurge ?? NaN);

    expect(limit).toBe(52);
    expect((worker.replicas + surge) * concurrency).toBeLessThanOrEqual(limit);
  });

  test.each([
    ['leadbridge-api', api, 'Peak RSS under this load: API'],
    ['leadbridge-worker', worker, 'Worker peak RSS while draining:'],
  ] as const)(
    '%s asks for the peak memory the benchmarks measured, and may use twice its heap limit',
    (_name, workload, figure) => {
      const { requests, limits } = workload.container.resources ?? {};
      const peakMb = benchmarkFigure(figure);

      expect(mebibytes(requests?.memory) * 1.048576).toBeGreaterThanOrEqual(peakMb);
      expect(mebibytes(limits?.memory)).toBeGreaterThanOrEqual(2 * heapLimitMb(workload));
      expect(cores(requests?.cpu)).toBeLessThanOrEqual(cores(limits?.cpu));
    },
  );
});
