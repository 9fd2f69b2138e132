import { join } from 'node:path';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service } from 'kubernetes-models/v1';
import { AKS_OVERLAY_DIR, readManifest } from './support/kubernetes';
import { baseObjects, baseWorkloads, containerPort, selects } from './support/kubernetes-workloads';
import { readRepoFile } from './support/repo';

const objects = baseObjects();
const { api, worker } = baseWorkloads(objects);
const services = objects.filter((object): object is Service => Service.is(object));
const serviceNamed = (name: string) => services.find((service) => service.metadata?.name === name);
const ingresses = readManifest(join(AKS_OVERLAY_DIR, 'ingress.yaml')).filter(
  (object): object is Ingress => Ingress.is(object),
);

describe('the Kubernetes Services, disruption budget and Ingress', () => {
  test('every Service selects the API pods alone, and leads to a port the API container declares', () => {
    expect(services.length).toBeGreaterThanOrEqual(2);
    for (const service of services) {
      const name = service.metadata?.name;
      const { selector, ports = [] } = service.spec ?? {};
      const unknownPorts = ports.filter(
        (port) => containerPort(api.container, port.targetPort ?? port.port) === undefined,
      );

      expect({ name, api: selects(selector, api.podLabels) }).toEqual({ name, api: true });
      expect({ name, worker: selects(selector, worker.podLabels) }).toEqual({
        name,
        worker: false,
      });
      expect({ name, unknownPorts }).toEqual({ name, unknownPorts: [] });
    }
  });

  test('nothing is published outside the cluster but through the Ingress, and no Service reaches the worker', () => {
    const published = services.filter(
      (service) => (service.spec?.type ?? 'ClusterIP') !== 'ClusterIP',
    );

    expect(published).toEqual([]);
    // The worker's health listener has no authentication: `kubectl port-forward` only.
    expect(services.filter((service) => selects(service.spec?.selector, worker.podLabels))).toEqual(
      [],
    );
  });

  test('the ingest Service leads to the ingest port only, and the admin listener has a Service of its own', () => {
    const ingest = serviceNamed('leadbridge-api');
    const admin = serviceNamed('leadbridge-api-admin');

    expect(ingest?.spec?.ports?.map((port) => port.targetPort)).toEqual(['ingest']);
    expect(admin?.spec?.ports?.map((port) => port.targetPort)).toEqual(['admin']);
    expect(admin?.spec?.ports?.map((port) => port.port)).toEqual([
      containerPort(api.container, 'admin'),
    ]);
  });

  test("the StatefulSet's governing Service exists and is headless, so each replica has a name", () => {
    const serviceName =
      api.object.kind === 'StatefulSet' ? api.object.spec?.serviceName : undefined;

    expect(serviceNamed(serviceName ?? '')?.spec?.clusterIP).toBe('None');
  });

  test('the disruption budget covers the API pods alone, and always leaves one taking leads', () => {
    const budgets = objects.filter((object): object is PodDisruptionBudget =>
      PodDisruptionBudget.is(object),
    );
    const [budget] = budgets;
    const selector = budget?.spec?.selector?.matchLabels;
    const { maxUnavailable, minAvailable } = budget?.spec ?? {};

    expect(budgets).toHaveLength(1);
    expect(selector?.['app.kubernetes.io/component']).toBe('api');
    expect(selects(selector, api.podLabels)).toBe(true);
    expect(selects(selector, worker.podLabels)).toBe(false);
    expect(typeof maxUnavailable === 'number' || typeof minAvailable === 'number').toBe(true);
    const available =
      typeof maxUnavailable === 'number' ? api.replicas - maxUnavailable : Number(minAvailable);
    expect(available).toBeGreaterThanOrEqual(1);
    expect(available).toBeLessThan(api.replicas); // or no node could ever be drained
  });

  test('the example Ingress publishes only /leads, over TLS, to the ingest Service', () => {
    const [ingress] = ingresses;
    const rules = ingress?.spec?.rules ?? [];
    const routes = rules.flatMap((rule) =>
      (rule.http?.paths ?? []).map((path) => ({
        path: path.path,
        pathType: path.pathType,
        service: path.backend.service?.name,
        port: path.backend.service?.port?.name ?? path.backend.service?.port?.number,
      })),
    );
    const tlsHosts = (ingress?.spec?.tls ?? []).flatMap((tls) => tls.hosts ?? []);

    expect(ingresses).toHaveLength(1);
    expect(routes).toEqual([
      { path: '/leads', pathType: 'Exact', service: 'leadbridge-api', port: 'ingest' },
    ]);
    expect(rules.map((rule) => rule.host)).toEqual(tlsHosts);
    expect(Object.keys(ingress?.metadata?.annotations ?? {})).toContain(
      'cert-manager.io/cluster-issuer',
    );
    // The route the API serves leads on.
    expect(readRepoFile('services/api/src/routes/leads-route.ts')).toContain("'/leads'");
  });
});
