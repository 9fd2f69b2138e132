import { createHash, createPublicKey, verify } from 'node:crypto';
import { startHarness, type Harness } from './support/harness';

const REDIRECT = 'https://admin.example/auth/callback';
const VERIFIER = 'a-verifier-long-enough-for-rfc-7636-0123456789abcdef';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

describe('users signing in to a web app through the simulated Entra ID', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ redirectUris: [REDIRECT] });
  });
  afterEach(async () => {
    await harness.close();
  });

  const authorize = (extra: Record<string, string> = {}) =>
    harness.origin.get(`/${harness.sim.tenantId}/oauth2/v2.0/authorize`, {
      params: {
        client_id: harness.sim.clientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'openid profile',
        state: 'state-1',
        nonce: 'nonce-1',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
        ...extra,
      },
      maxRedirects: 0,
    });

  const redeem = (code: string, extra: Record<string, string> = {}) =>
    harness.origin.post(
      `/${harness.sim.tenantId}/oauth2/v2.0/token`,
      new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: harness.sim.clientId,
        client_secret: harness.sim.clientSecret,
        code,
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
        ...extra,
      }),
    );

  async function codeFor(username: string): Promise<string> {
    const answer = await authorize({ login_hint: username });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.location as string);
    expect(back.searchParams.get('state')).toBe('state-1');
    return back.searchParams.get('code') ?? '';
  }

  test('login_hint signs the operator in at once, with an ID token the keys endpoint verifies', async () => {
    const { sim, origin } = harness;

    const tokens = await redeem(await codeFor('operator@leadbridge.test'));
    const keys = await origin.get(`/${sim.tenantId}/discovery/v2.0/keys`);

    expect(tokens.status).toBe(200);
    const [header = '', payload = '', signature = ''] = String(tokens.data.id_token).split('.');
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
    const jwk = keys.data.keys.find((key: { kid: string }) => key.kid === kid);
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        publicKey,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      iss: sim.issuer,
      aud: sim.clientId,
      tid: sim.tenantId,
      nonce: 'nonce-1',
      name: 'Olga Operator',
      preferred_username: 'operator@leadbridge.test',
      roles: ['Leadbridge.Operator'],
      oid: sim.testUsers[0]?.objectId,
    });
  });

  test('without login_hint, a page lists the test users as links that sign each in', async () => {
    const page = await authorize();

    expect(page.status).toBe(200);
    expect(page.data).toContain('Victor Viewer');
    expect(page.data).toContain('login_hint=nobody%40leadbridge.test');
  });

  test('a redirect URI the app did not register is refused with AADSTS50011', async () => {
    const answer = await authorize({
      login_hint: 'viewer@leadbridge.test',
      redirect_uri: 'https://evil.example/auth/callback',
    });

    expect(answer.status).toBe(400);
    expect(answer.data).toContain('AADSTS50011');
  });

  test('a code redeemed with the wrong PKCE verifier is refused (AADSTS501481), and only once', async () => {
    const code = await codeFor('viewer@leadbridge.test');

    const wrong = await redeem(code, { code_verifier: `${VERIFIER}x` });
    const again = await redeem(code);

    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    expect(again.data).toMatchObject({ error: 'invalid_grant', error_codes: [70008] });
  });

  test('a wrong client secret cannot redeem a code', async () => {
    const code = await codeFor('viewer@leadbridge.test');

    const answer = await redeem(code, { client_secret: 'not-the-secret' });

    expect(answer.status).toBe(401);
    expect(answer.data).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
  });

  test('signing out goes back only to an address the app registered', async () => {
    const logout = (back: string) =>
      harness.origin.get(`/${harness.sim.tenantId}/oauth2/v2.0/logout`, {
        params: { post_logout_redirect_uri: back },
        maxRedirects: 0,
      });

    const registered = await logout(REDIRECT);
    const other = await logout('https://evil.example/');

    expect(registered.status).toBe(302);
    expect(registered.headers.location).toBe(REDIRECT);
    expect(other.status).toBe(200);
    expect(other.data).toContain('You signed out');
  });

  test('an app registered through the admin API with a redirect URI can sign users in', async () => {
    const { sim, origin } = harness;
    const clientId = '0c9d8e7f-1111-4222-8333-444455556666';
    const redirect = 'http://127.0.0.1:3001/auth/callback';

    const registered = await origin.post('/_simulator/apps', {
      tenantId: sim.tenantId,
      clientId,
      clientSecret: 'another-secret-for-tests',
      redirectUris: [redirect],
    });
    const answer = await authorize({
      client_id: clientId,
      redirect_uri: redirect,
      login_hint: 'viewer@leadbridge.test',
    });

    expect(registered.status).toBe(201);
    expect(answer.status).toBe(302);
    expect(new URL(answer.headers.location as string).origin).toBe('http://127.0.0.1:3001');
  });
});
