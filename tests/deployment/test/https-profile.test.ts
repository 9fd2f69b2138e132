import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  commandOf,
  dependenciesOf,
  environmentOf,
  mountsOf,
  profilesOf,
  publishedPorts,
  readCompose,
  REQUIRED_ENV,
} from './support/compose';
import { findOnPath } from './support/find-on-path';
import { isRecord, readRepoFile, REPO_ROOT, repoPath } from './support/repo';

const CADDYFILE = 'deploy/Caddyfile';
const DOMAIN = 'leads.contoso.example';

const { services, volumes } = readCompose({ ...REQUIRED_ENV, LEADBRIDGE_DOMAIN: DOMAIN });
const service = (name: string) => {
  const found = services[name];
  if (!found) throw new Error(`the stack has no ${name} service`);
  return found;
};

/** The Caddyfile without comments and blank lines, each line trimmed. */
function caddyfileLines(): string[] {
  return readRepoFile(CADDYFILE)
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

// Debian's caddy package reads a Caddyfile as the caddy:2 image does; without it only Caddy's
// own reading is skipped: the file is still checked line by line.
const caddy = findOnPath('caddy');
const withCaddy = caddy ? test : test.skip;
const note = caddy ? '' : ' [skipped: no caddy; apt-get install caddy]';

describe('the https profile', () => {
  test('runs Caddy, a maintained image, only when asked for, after the API', () => {
    const proxy = service('caddy');

    expect(proxy.image).toMatch(/^caddy:2/);
    expect(profilesOf(proxy)).toEqual(['https']);
    expect(Object.keys(dependenciesOf(proxy))).toEqual(['api']);
    expect(proxy.restart).toBe('unless-stopped');
  });

  test('publishes ports 80 and 443, which the ACME CA checks the domain through', () => {
    const ports = publishedPorts(service('caddy')).map(
      ({ hostIp, hostPort, containerPort }) => `${hostIp}:${hostPort}:${containerPort}`,
    );

    expect(ports).toEqual([':80:80', ':443:443', ':443:443']);
  });

  test('reads deploy/Caddyfile, read-only, and keeps certificates in a volume of their own', () => {
    const mounts = mountsOf(service('caddy'));

    expect(mounts['/etc/caddy/Caddyfile']).toBe(`./${CADDYFILE}`);
    expect(String(service('caddy').volumes)).toContain(`./${CADDYFILE}:/etc/caddy/Caddyfile:ro`);
    for (const path of ['/data', '/config']) {
      expect(Object.keys(volumes)).toContain(mounts[path]);
    }
  });

  test('serves the domain LEADBRIDGE_DOMAIN names, passed from .env', () => {
    const site = caddyfileLines().find((line) => line.endsWith('{') && line !== '{');

    expect(environmentOf(service('caddy')).LEADBRIDGE_DOMAIN).toBe(DOMAIN);
    expect(site).toBe('{$LEADBRIDGE_DOMAIN} {');
  });

  test("proxies to the api service's public port, and to nothing else", () => {
    const targets = caddyfileLines()
      .filter((line) => line.startsWith('reverse_proxy '))
      .map((line) => line.split(/\s+/).slice(1).join(' '));
    const api = environmentOf(service('api'));

    expect(targets).toEqual([`api:${api.PORT}`]);
    // The admin listener stays on the host's 127.0.0.1 only.
    expect(readRepoFile(CADDYFILE)).not.toContain(String(api.ADMIN_PORT));
  });

  test('without LEADBRIDGE_DOMAIN, Caddy stops at once saying what to set', async () => {
    // The command as Compose hands it to the container (`$$` is Compose's escape of `$`).
    const [shell = '', flag = '', script = ''] = commandOf(service('caddy'));
    const run = promisify(execFile)(shell, [flag, script.replaceAll('$$', '$')], {
      env: { PATH: process.env.PATH ?? '', LEADBRIDGE_DOMAIN: '' },
    });

    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('set LEADBRIDGE_DOMAIN in .env') as unknown,
    });
  });

  withCaddy(
    `Caddy reads the Caddyfile as a site for the domain proxied to the API${note}`,
    async () => {
      const { stdout, stderr } = await promisify(execFile)(
        caddy ?? 'caddy',
        ['adapt', '--config', repoPath(CADDYFILE), '--adapter', 'caddyfile'],
        { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', LEADBRIDGE_DOMAIN: DOMAIN } },
      );
      const config: unknown = JSON.parse(stdout);
      const servers = isRecord(config) ? JSON.stringify(config) : '';

      // Caddy warns about a file not in its own format, which `caddy fmt` would rewrite.
      expect(stderr).not.toMatch(/not formatted/i);
      expect(servers).toContain(`"host":["${DOMAIN}"]`);
      const { PORT: port = '' } = environmentOf(service('api'));
      expect(servers).toContain(`"handler":"reverse_proxy","upstreams":[{"dial":"api:${port}"}]`);
    },
  );
});
