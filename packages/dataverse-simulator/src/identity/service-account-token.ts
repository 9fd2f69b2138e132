import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { TOKEN_EXCHANGE_AUDIENCE } from './app-registry';

/** What a projected service account token says; each left out takes the cluster's usual value. */
export interface ServiceAccountTokenOptions {
  /** @defaultValue the simulator's service account subject */
  subject?: string;
  /** @defaultValue the simulator's issuer */
  issuer?: string;
  /** @defaultValue `api://AzureADTokenExchange` */
  audience?: string;
  /** Seconds from now until it expires; negative for a token already expired. @defaultValue 3600 */
  lifetimeSeconds?: number;
}

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Plays a Kubernetes cluster's service account issuer, as AKS's OIDC issuer: signs projected
 * service account tokens (ES256 JWTs) like the one the workload identity webhook mounts at
 * AZURE_FEDERATED_TOKEN_FILE.
 */
export class ServiceAccountIssuer {
  private readonly key: KeyObject = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

  constructor(
    readonly issuer: string,
    readonly subject: string,
  ) {}

  token(options: ServiceAccountTokenOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (options.lifetimeSeconds ?? 3600);
    const subject = options.subject ?? this.subject;
    const [, namespace = '', name = ''] =
      /^system:serviceaccount:([^:]*):(.*)$/.exec(subject) ?? [];
    const header = part({ alg: 'ES256', typ: 'JWT', kid: 'simulator' });
    const payload = part({
      aud: [options.audience ?? TOKEN_EXCHANGE_AUDIENCE],
      exp,
      iat: Math.min(now, exp - 1),
      nbf: Math.min(now, exp - 1),
      iss: options.issuer ?? this.issuer,
      sub: subject,
      'kubernetes.io': { namespace, serviceaccount: { name, uid: randomUUID() } },
    });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
      key: this.key,
      dsaEncoding: 'ieee-p1363',
    });
    return `${header}.${payload}.${signature.toString('base64url')}`;
  }
}
