import { documentedExample } from '@leadbridge/test-support';
import type { Simulator } from '@leadbridge/dataverse-simulator';
import { INGEST_SECRET, type Api } from './processes';
import { sleep, waitFor } from './wait';

export interface Posted {
  status: number;
  id?: string;
}

/** Posts one lead the way Partner Center does; a refused connection counts as status 0. */
export async function postLead(api: Api, description: string): Promise<Posted> {
  try {
    const response = await fetch(`${api.url}/leads?code=${INGEST_SECRET}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...documentedExample, Description: description }),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: string };
    return { status: response.status, ...(body.id ? { id: body.id } : {}) };
  } catch {
    return { status: 0 };
  }
}

/** What a run of posts came to: the ids answered 202, and every other answer. */
export class Ledger {
  readonly accepted = new Set<string>();
  readonly refused: number[] = [];

  record(posted: Posted): void {
    if (posted.status === 202 && posted.id) this.accepted.add(posted.id);
    else this.refused.push(posted.status);
  }
}

/**
 * Sends `count` distinct leads (`${tag} n` as Description) at about `perSecond`, round-robin over
 * `apis`, in batches every 100 ms. `onProgress` runs after each batch with the number sent.
 */
export async function sendLeads(options: {
  apis: Api[];
  count: number;
  perSecond: number;
  tag: string;
  ledger: Ledger;
  onProgress?: (sent: number) => void | Promise<void>;
}): Promise<void> {
  const batch = Math.max(1, Math.round(options.perSecond / 10));
  for (let sent = 0; sent < options.count;) {
    const started = Date.now();
    const size = Math.min(batch, options.count - sent);
    const answers = await Promise.all(
      Array.from({ length: size }, (_, n) => {
        const index = sent + n;
        const api = options.apis[index % options.apis.length] as Api;
        return postLead(api, `${options.tag} ${index}`);
      }),
    );
    for (const answer of answers) options.ledger.record(answer);
    sent += size;
    await options.onProgress?.(sent);
    await sleep(Math.max(0, 100 - (Date.now() - started)));
  }
}

function writtenIds(sim: Simulator): string[] {
  return sim.leads().map((record) => String(record.leadid));
}

/**
 * Waits until every accepted lead is in the simulator, or until no record has arrived for
 * `quietMs` (within `timeoutMs`): for a scenario that may lose leads and counts how many.
 * Returns what the simulator holds.
 */
export async function awaitWrittenOrQuiet(
  sim: Simulator,
  accepted: Set<string>,
  quietMs: number,
  timeoutMs: number,
): Promise<string[]> {
  let count = -1;
  let changedAt = Date.now();
  await waitFor(
    () => {
      const written = writtenIds(sim);
      if (written.length !== count) [count, changedAt] = [written.length, Date.now()];
      const all = new Set(written);
      return [...accepted].every((id) => all.has(id)) || Date.now() - changedAt > quietMs;
    },
    timeoutMs,
    `${accepted.size} leads in the simulator, or none arriving for ${quietMs} ms`,
  );
  await sleep(1_500);
  return writtenIds(sim);
}

/**
 * Waits until every accepted lead is in the simulator, lets late retries land, then returns
 * what the simulator holds, for the exactly-once assertions.
 */
export async function awaitAllWritten(
  sim: Simulator,
  accepted: Set<string>,
  timeoutMs: number,
): Promise<string[]> {
  await waitFor(
    () => {
      const written = new Set(writtenIds(sim));
      return [...accepted].every((id) => written.has(id));
    },
    timeoutMs,
    `${accepted.size} leads in the simulator`,
    () => `(found ${sim.leads().length})`,
  );
  // A lead whose write landed but whose answer was lost is retried; give such retries time.
  await sleep(1_500);
  return writtenIds(sim);
}
