/** The message layouts a chat destination posts. */
export type ChatFormat = 'teams' | 'slack';

/**
 * Hosts each format's webhooks live on: Teams Workflows on Power Automate's (older workflows on
 * Logic Apps' hosts, retiring Office 365 connectors on webhook.office.com), Slack's incoming
 * webhooks on hooks.slack.com (GovSlack: hooks.slack-gov.com).
 */
const PLAUSIBLE_HOSTS: Readonly<Record<ChatFormat, readonly string[]>> = {
  teams: ['.api.powerplatform.com', '.logic.azure.com', '.webhook.office.com'],
  slack: ['hooks.slack.com', 'hooks.slack-gov.com'],
};

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What is wrong with a webhook URL, in words that never quote it (it is a secret). */
export function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol === 'https:') return undefined;
  // Plain HTTP only to this machine, e.g. a local test receiver: never a lead over the network.
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must be an https:// URL';
}

/** The format whose webhooks live on `host`, if any. */
export function formatOfHost(host: string): ChatFormat | undefined {
  const name = host.toLowerCase();
  return (Object.keys(PLAUSIBLE_HOSTS) as ChatFormat[]).find((format) =>
    PLAUSIBLE_HOSTS[format].some((known) =>
      known.startsWith('.') ? name.endsWith(known) : name === known,
    ),
  );
}

/**
 * The text with every occurrence of the URL, or of its path and query (the secret part), put
 * as the variable's name: what a log line or failed reason says instead.
 */
export function maskWebhookUrl(text: string, url: string, variable: string): string {
  const secretParts = [url];
  try {
    const { pathname, search } = new URL(url);
    if (pathname.length > 1) secretParts.push(pathname + search, pathname);
    if (search.length > 1) secretParts.push(search);
  } catch {
    // Not a URL: only the whole value is masked.
  }
  return secretParts.reduce((masked, part) => masked.split(part).join(`<${variable}>`), text);
}
