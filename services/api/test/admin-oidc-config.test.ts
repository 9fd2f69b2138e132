import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readApiConfig } from '../src/config';
import { SECRET } from './harness';

const ENTRA = {
  ADMIN_OIDC_ISSUER: 'https://login.microsoftonline.com/2f6b0c1e-7a4d-4b8e-9c3f-5d1a2e3b4c5d/v2.0',
  ADMIN_OIDC_CLIENT_ID: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  ADMIN_OIDC_CLIENT_SECRET: 'a client secret from the app registration',
  ADMIN_PUBLIC_URL: 'https://admin.leadbridge.example/',
};

const adminWith = (env: Record<string, string>) => () =>
  readApiConfig({ INGEST_SECRETS: SECRET, ...env }).admin;

describe('signing in to the admin with Microsoft Entra ID, as configured', () => {
  it('is off unless ADMIN_OIDC_ISSUER is set', () => {
    expect(adminWith({})().oidc).toBeUndefined();
  });

  it('reads the issuer, client, secret and public URL, with 8-hour sessions idle for at most an hour', () => {
    expect(adminWith(ENTRA)().oidc).toEqual({
      issuer: ENTRA.ADMIN_OIDC_ISSUER,
      clientId: ENTRA.ADMIN_OIDC_CLIENT_ID,
      clientSecret: ENTRA.ADMIN_OIDC_CLIENT_SECRET,
      publicUrl: 'https://admin.leadbridge.example',
      sessionHours: 8,
      idleMinutes: 60,
      operatorGroups: [],
      viewerGroups: [],
    });
  });

  it('reads session lengths and the groups per role', () => {
    const oidc = adminWith({
      ...ENTRA,
      ADMIN_SESSION_HOURS: '2',
      ADMIN_SESSION_IDLE_MINUTES: '15',
      ADMIN_OIDC_OPERATOR_GROUPS: 'g-ops-1, g-ops-2',
      ADMIN_OIDC_VIEWER_GROUPS: 'g-support',
    })().oidc;

    expect(oidc).toMatchObject({
      sessionHours: 2,
      idleMinutes: 15,
      operatorGroups: ['g-ops-1', 'g-ops-2'],
      viewerGroups: ['g-support'],
    });
  });

  it('lets the admin listener start with Entra ID alone, without ADMIN_PASSWORD', () => {
    const admin = adminWith(ENTRA)();

    expect(admin.password).toBeUndefined();
    expect(admin.oidc).toBeDefined();
  });

  it.each([
    [
      { ADMIN_OIDC_ISSUER: undefined },
      /^ADMIN_OIDC_ISSUER is required when ADMIN_OIDC_CLIENT_ID is set/,
    ],
    [
      { ADMIN_OIDC_CLIENT_ID: undefined },
      /^ADMIN_OIDC_CLIENT_ID is required when ADMIN_OIDC_ISSUER is set/,
    ],
    [
      { ADMIN_OIDC_CLIENT_SECRET: undefined },
      /^ADMIN_OIDC_CLIENT_SECRET or ADMIN_OIDC_CLIENT_CERTIFICATE_PATH is required/,
    ],
    [{ ADMIN_PUBLIC_URL: undefined }, /^ADMIN_PUBLIC_URL is required/],
    [
      { ADMIN_PUBLIC_URL: 'ftp://admin.example' },
      /^ADMIN_PUBLIC_URL must start with https: or http:/,
    ],
    [
      { ADMIN_PUBLIC_URL: 'https://admin.example/?next=x' },
      /^ADMIN_PUBLIC_URL must be a plain http\(s\) URL/,
    ],
    [
      { ADMIN_OIDC_ISSUER: 'http://login.example/tenant/v2.0' },
      /^ADMIN_OIDC_ISSUER must start with https:/,
    ],
    [
      { ADMIN_OIDC_CLIENT_CERTIFICATE_PATH: '/nonexistent/admin.pem' },
      /^ADMIN_OIDC_CLIENT_CERTIFICATE_PATH and ADMIN_OIDC_CLIENT_SECRET are both set/,
    ],
    [{ ADMIN_SESSION_HOURS: '0' }, /^ADMIN_SESSION_HOURS must be a whole number from 1/],
  ])('refuses %o, naming the variable', (change, message) => {
    const env = Object.fromEntries(
      Object.entries({ ...ENTRA, ...change }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );

    expect(adminWith(env)).toThrow(message);
  });

  it('refuses a certificate file that cannot be read or holds no key and certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'admin-oidc-config-'));
    try {
      const keyOnly = join(dir, 'key-only.pem');
      await writeFile(keyOnly, '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
      const { ADMIN_OIDC_CLIENT_SECRET: _secret, ...withoutSecret } = ENTRA;
      const withCertificate = (path: string) =>
        adminWith({ ...withoutSecret, ADMIN_OIDC_CLIENT_CERTIFICATE_PATH: path });

      expect(withCertificate(join(dir, 'missing.pem'))).toThrow(
        /^ADMIN_OIDC_CLIENT_CERTIFICATE_PATH cannot be read \(ENOENT\)/,
      );
      expect(withCertificate(keyOnly)).toThrow(
        /^ADMIN_OIDC_CLIENT_CERTIFICATE_PATH must hold a PEM private key and its certificate/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
