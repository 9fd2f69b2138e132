/** The file new leads are appended to. */
export const ACTIVE = 'leads.ndjson';

/**
 * A file of leads set aside to be moved to the queue: `draining-<ms>-<n>[.<origin>…].ndjson`, the
 * origin naming the subdirectory it was taken over from. Files are drained oldest first.
 */
export const DRAINING = /^draining-(\d{13})-(\d+)((?:\.[0-9a-z]+)*)\.ndjson$/;

/** A file whose unreadable lines were kept for an operator to look at. */
export const UNREADABLE_SUFFIX = '.ndjson.unreadable';

let sequence = 0;

/** A new draining file's name; `origin` tells apart files taken over from another directory. */
export function drainingName(origin?: string): string {
  return `draining-${Date.now()}-${sequence++}${origin ? `.${origin}` : ''}.ndjson`;
}

/** Orders draining file names oldest first (by time, then sequence number). */
export function byAge(a: string, b: string): number {
  const [, timeA = '', seqA = '', restA = ''] = DRAINING.exec(a) ?? [];
  const [, timeB = '', seqB = '', restB = ''] = DRAINING.exec(b) ?? [];
  return timeA.localeCompare(timeB) || Number(seqA) - Number(seqB) || restA.localeCompare(restB);
}

/**
 * The name a spool file of another directory takes in this one, marked with its `origin` so it
 * cannot replace one of ours; undefined for what is not a spool file.
 */
export function takenOverName(name: string, origin: string): string | undefined {
  if (name === ACTIVE) return drainingName(origin);
  if (DRAINING.test(name)) return name.replace(/\.ndjson$/, `.${origin}.ndjson`);
  if (name.endsWith(UNREADABLE_SUFFIX))
    return `${name.slice(0, -UNREADABLE_SUFFIX.length)}.${origin}${UNREADABLE_SUFFIX}`;
  return undefined;
}
