import { ConfigError } from '@leadbridge/service-kit';
import { readWorkerProcessConfig } from '../src/config';
import { describeProxySettings, describeRoute } from '../src/proxy/proxy-description';
import { proxyForUrl, readProxySettings } from '../src/proxy/proxy-settings';

/** The message of the ConfigError `read` throws. */
function configError(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the proxy settings', () => {
  it('are none without HTTPS_PROXY and HTTP_PROXY: every connection is direct', () => {
    const settings = readWorkerProcessConfig({}).proxy;

    expect(proxyForUrl(settings, 'https://contoso.crm.dynamics.com')).toBeUndefined();
    expect(describeProxySettings(settings)).toBe('none');
  });

  it('send https:// URLs through HTTPS_PROXY and http:// ones through HTTP_PROXY', () => {
    const settings = readProxySettings({
      HTTPS_PROXY: 'http://proxy.corp:3128',
      HTTP_PROXY: 'http://plain.corp:8080',
    });

    expect(proxyForUrl(settings, 'https://login.microsoftonline.com')?.url).toBe(
      'http://proxy.corp:3128/',
    );
    expect(proxyForUrl(settings, 'http://hooks.corp/alerts')?.url).toBe('http://plain.corp:8080/');
  });

  it('take the lower-case variable over the upper-case one, as curl does', () => {
    const settings = readProxySettings({
      HTTPS_PROXY: 'http://upper.corp:3128',
      https_proxy: 'http://lower.corp:3128',
      NO_PROXY: 'upper.example',
      no_proxy: 'lower.example',
    });

    expect(settings.https).toMatchObject({
      variable: 'https_proxy',
      url: 'http://lower.corp:3128/',
    });
    expect(proxyForUrl(settings, 'https://lower.example')).toBeUndefined();
    expect(proxyForUrl(settings, 'https://upper.example')).toBeDefined();
  });

  it('read a proxy written without a scheme as an http:// one, as curl does', () => {
    expect(readProxySettings({ HTTPS_PROXY: 'proxy.corp:3128' }).https?.url).toBe(
      'http://proxy.corp:3128/',
    );
  });

  it('show the proxy with its user and password masked', () => {
    const settings = readProxySettings({
      HTTPS_PROXY: 'http://svc-leads:s3cr%40t@proxy.corp:3128',
    });

    expect(settings.https?.shown).toBe('http://[redacted]@proxy.corp:3128');
    expect(describeProxySettings(settings)).toBe('http://[redacted]@proxy.corp:3128 (HTTPS_PROXY)');
  });

  it.each([
    [
      'HTTPS_PROXY',
      'socks5://proxy.corp:1080',
      'HTTPS_PROXY must be an http:// or https:// proxy (one that tunnels with CONNECT), got socks5:// proxy',
    ],
    [
      'https_proxy',
      'http://proxy.corp:3128/some/path',
      'https_proxy must be a proxy\'s address alone (scheme, host and port), got "http://proxy.corp:3128/some/path"',
    ],
    [
      'HTTP_PROXY',
      'http://user:pa ss@',
      'HTTP_PROXY must be a proxy URL such as http://proxy.example:3128, got "http://[redacted]@" (percent-encode #, /, ? and @ in a user name or password: %23, %2F, %3F, %40)',
    ],
    [
      'HTTPS_PROXY',
      'http://user:p#ss@proxy.corp:3128',
      'HTTPS_PROXY must be a proxy URL such as http://proxy.example:3128, got "http://[redacted]@proxy.corp:3128" (percent-encode #, /, ? and @ in a user name or password: %23, %2F, %3F, %40)',
    ],
  ])('stop the worker with one line naming %s when it is %s', (variable, value, message) => {
    expect(configError(() => readWorkerProcessConfig({ [variable]: value }))).toBe(message);
  });

  it('never quote the password of a proxy URL they refuse', () => {
    expect(
      configError(() => readProxySettings({ HTTPS_PROXY: 'ftp://user:hunter2@proxy.corp' })),
    ).not.toContain('hunter2');
  });
});

describe('NO_PROXY', () => {
  const through = (noProxy: string, url: string) =>
    proxyForUrl(
      readProxySettings({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: noProxy }),
      url,
    ) !== undefined;

  it('covers a domain and every host below it, with or without a leading dot or *.', () => {
    for (const entry of ['corp.example', '.corp.example', '*.corp.example']) {
      expect(through(entry, 'https://corp.example')).toBe(false);
      expect(through(entry, 'https://crm.corp.example')).toBe(false);
      expect(through(entry, 'https://notcorp.example')).toBe(true);
    }
  });

  it('separates entries by commas or spaces, ignores case, and matches a port when one is given', () => {
    const list = 'Localhost, 10.1.2.3  crm.corp.example:8443';

    expect(through(list, 'https://LOCALHOST:8443')).toBe(false);
    expect(through(list, 'https://10.1.2.3')).toBe(false);
    expect(through(list, 'https://crm.corp.example:8443')).toBe(false);
    expect(through(list, 'https://crm.corp.example')).toBe(true);
  });

  it('takes IP ranges and IPv6 addresses', () => {
    expect(through('10.0.0.0/8', 'https://10.200.1.1')).toBe(false);
    expect(through('10.0.0.0/8', 'https://11.0.0.1')).toBe(true);
    expect(through('[::1]:8443', 'https://[::1]:8443')).toBe(false);
    expect(through('::1', 'https://[::1]')).toBe(false);
    expect(through('fd00::/8', 'https://[fd12::1]')).toBe(false);
  });

  it('with * alone, sends nothing through the proxy', () => {
    expect(through('*', 'https://login.microsoftonline.com')).toBe(false);
  });

  it('with an entry that is neither a host nor an IP range, stops the worker naming it', () => {
    expect(
      configError(() => readWorkerProcessConfig({ no_proxy: 'corp.example, 10.0.0.0/99' })),
    ).toBe('no_proxy has "10.0.0.0/99", which is neither a host name nor an IP range');
  });
});

describe('the credentials check names its route', () => {
  const settings = (noProxy = '') =>
    readProxySettings({ HTTPS_PROXY: 'http://u:p@proxy.corp:3128', NO_PROXY: noProxy });
  const org = 'https://contoso.crm.dynamics.com';
  const authority = 'https://login.microsoftonline.com';

  it.each([
    ['', 'http://[redacted]@proxy.corp:3128 (HTTPS_PROXY)'],
    [
      '.dynamics.com',
      'http://[redacted]@proxy.corp:3128 (HTTPS_PROXY) for Entra ID; the org directly (NO_PROXY)',
    ],
    [
      'login.microsoftonline.com',
      'http://[redacted]@proxy.corp:3128 (HTTPS_PROXY) for the org; Entra ID directly (NO_PROXY)',
    ],
    ['*', 'none: the org and Entra ID are in NO_PROXY'],
  ])('with NO_PROXY=%p: %s', (noProxy, expected) => {
    expect(describeRoute(settings(noProxy), org, authority)).toBe(expected);
  });

  it('without a proxy: none', () => {
    expect(describeRoute(readProxySettings({}), org, authority)).toBe('none');
  });
});
