import { randomUUID } from 'node:crypto';

/**
 * Where the activity lives in Redis, under the queue prefix so that in Cluster mode (a prefix
 * hash-tagged as `{bull}`) every key shares the queues' slot and one script may touch them all.
 * The record script builds the same names from `base` (see record-script.ts): keep both in step.
 *
 * - `<base>:lead:<id>`            hash: the lead's summary
 * - `<base>:timeline:<id>`        list: its events, oldest first, as JSON
 * - `<base>:idx:all`              sorted set of lead ids, score = received at (ms)
 * - `<base>:idx:state:<state>`    … by overall state
 * - `<base>:idx:dest:<name>`      … by destination routed to
 * - `<base>:idx:offer:<offer>`    … by offer
 * - `<base>:idx:action:<code>`    … by action code
 * - `<base>:idx:test:<0|1>`       … real leads, test leads
 * - `<base>:facet:<offer|dest|action>` sorted set of values seen, score = last seen (ms)
 * - `<base>:day:<YYYY-MM-DD>`     hash of the day's counters (kept about 400 days)
 * - `<base>:tmp:<uuid>`           a list query's intersection, deleted at once (expires in a minute)
 */
export interface ActivityKeys {
  readonly base: string;
  summary(id: string): string;
  timeline(id: string): string;
  readonly all: string;
  state(state: string): string;
  destination(name: string): string;
  offer(offer: string): string;
  action(code: string): string;
  test(isTestLead: boolean): string;
  facet(kind: FacetKind): string;
  day(day: string): string;
  temp(): string;
}

export type FacetKind = 'offer' | 'dest' | 'action';

export function activityKeys(prefix: string): ActivityKeys {
  const base = `${prefix}:leadbridge:activity`;
  return {
    base,
    summary: (id) => `${base}:lead:${id}`,
    timeline: (id) => `${base}:timeline:${id}`,
    all: `${base}:idx:all`,
    state: (state) => `${base}:idx:state:${state}`,
    destination: (name) => `${base}:idx:dest:${name}`,
    offer: (offer) => `${base}:idx:offer:${offer}`,
    action: (code) => `${base}:idx:action:${code}`,
    test: (isTestLead) => `${base}:idx:test:${isTestLead ? 1 : 0}`,
    facet: (kind) => `${base}:facet:${kind}`,
    day: (day) => `${base}:day:${day}`,
    temp: () => `${base}:tmp:${randomUUID()}`,
  };
}

/** The UTC day of a time, as `YYYY-MM-DD`. */
export function utcDay(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** What a lead without an offer or action code is counted under in the overview. */
export const NONE = '(none)';
