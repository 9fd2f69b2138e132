import { BlockList, isIP } from 'node:net';
import { ConfigError } from '@leadbridge/service-kit';

/** Hosts reached directly, never through the proxy: NO_PROXY, as curl reads it. */
export interface NoProxyList {
  /** `*`: no host goes through the proxy. */
  readonly everything: boolean;
  /** The entries as given, lower-cased, for a person to read. */
  readonly entries: readonly string[];
  /** Whether `host` (a name or an IP address, IPv6 without brackets) on `port` is listed. */
  matches(host: string, port: number): boolean;
}

interface Entry {
  /** A host name (matching itself and its subdomains), an IP address, or an IP range. */
  readonly host: string;
  readonly range?: BlockList;
  /** Matches this port only; any port when absent. */
  readonly port?: number;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`; a bare IPv6 address has no port. */
function splitPort(item: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]{1,64})\](?::(\d{1,5}))?$/.exec(item);
  if (bracketed?.[1] !== undefined) {
    return { host: bracketed[1], ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) };
  }
  const colon = item.lastIndexOf(':');
  if (colon > 0 && item.indexOf(':') === colon && /^\d{1,5}$/.test(item.slice(colon + 1))) {
    return { host: item.slice(0, colon), port: Number(item.slice(colon + 1)) };
  }
  return { host: item };
}

/** An IP range such as `10.0.0.0/8` or `fd00::/8` (curl 7.86 reads them too). */
function rangeOf(host: string, variable: string): BlockList | undefined {
  const slash = host.indexOf('/');
  if (slash < 0) return undefined;
  const address = host.slice(0, slash);
  const family = isIP(address);
  const prefix = Number(host.slice(slash + 1));
  const bits = family === 4 ? 32 : 128;
  if (family === 0 || !/^\d{1,3}$/.test(host.slice(slash + 1)) || prefix > bits) {
    throw new ConfigError(variable, `has "${host}", which is neither a host name nor an IP range`);
  }
  const range = new BlockList();
  range.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return range;
}

function entryOf(item: string, variable: string): Entry {
  const { host, port } = splitPort(item);
  // `.example.com` and `*.example.com` mean what `example.com` means: the domain and below it.
  const name = host.replace(/^\*?\./, '');
  if (name === '') throw new ConfigError(variable, `has "${item}", which names no host`);
  const range = rangeOf(name, variable);
  return { host: name, ...(range ? { range } : {}), ...(port !== undefined ? { port } : {}) };
}

function entryMatches(entry: Entry, host: string, port: number): boolean {
  if (entry.port !== undefined && entry.port !== port) return false;
  const family = isIP(host);
  if (entry.range) return family !== 0 && entry.range.check(host, family === 4 ? 'ipv4' : 'ipv6');
  if (family !== 0) return host === entry.host;
  return host === entry.host || host.endsWith(`.${entry.host}`);
}

/**
 * Reads a NO_PROXY value: entries separated by commas or spaces, each a host name (which also
 * covers its subdomains, with or without a leading `.` or `*.`), an IP address, or an IP range
 * in CIDR form, optionally with `:port`; `*` alone sends nothing through the proxy. Throws a
 * ConfigError naming `variable` for an entry that is none of these.
 */
export function parseNoProxy(value: string | undefined, variable: string): NoProxyList {
  const items = (value ?? '')
    .toLowerCase()
    .split(/[\s,]/)
    .filter((item) => item !== '');
  const everything = items.includes('*');
  const entries = everything ? [] : items.map((item) => entryOf(item, variable));
  return Object.freeze({
    everything,
    entries: Object.freeze(items),
    matches(host: string, port: number) {
      if (everything) return true;
      const bare = host
        .toLowerCase()
        .replace(/^\[|\]$/g, '')
        .replace(/\.$/, '');
      return entries.some((entry) => entryMatches(entry, bare, port));
    },
  });
}
