import { proxyForUrl, type ProxySettings } from './proxy-settings';

/**
 * The proxy settings in one line for the start-up log: each proxy (credentials masked) with its
 * variable, and NO_PROXY's entries; `none` without a proxy.
 */
export function describeProxySettings(settings: ProxySettings): string {
  const servers = [settings.https, settings.http].flatMap((server) =>
    server ? [`${server.shown} (${server.variable})`] : [],
  );
  if (servers.length === 0) return 'none';
  const { noProxy } = settings;
  const bypass = noProxy.everything ? '*' : noProxy.entries.join(',');
  return `${servers.join(', ')}${bypass ? `; directly: ${bypass}` : ''}`;
}

/**
 * How the org and Entra ID are reached, for the credentials check: the proxy (credentials
 * masked) and its variable, which of the two bypass it through NO_PROXY, or `none`.
 */
export function describeRoute(
  settings: ProxySettings,
  dataverseUrl: string,
  authorityHost: string,
): string {
  const org = proxyForUrl(settings, dataverseUrl);
  const authority = proxyForUrl(settings, authorityHost);
  const server = org ?? authority;
  if (!server) {
    return settings.https ? 'none: the org and Entra ID are in NO_PROXY' : 'none';
  }
  const used = `${server.shown} (${server.variable})`;
  if (org && authority) return used;
  return org
    ? `${used} for the org; Entra ID directly (NO_PROXY)`
    : `${used} for Entra ID; the org directly (NO_PROXY)`;
}
