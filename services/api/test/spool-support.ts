import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeOrigin, contentKeyFor, parseLead, type LeadJobData } from '@leadbridge/lead-model';
import { createLogger } from '@leadbridge/service-kit';
import { documentedExample, LogCapture } from '@leadbridge/test-support';
import { localDisk, type SpoolDisk, type SpoolFileHandle } from '../src/spool/spool-disk';
import { OWNER_FILE } from '../src/spool/spool-owner';

export const spoolLogs = new LogCapture();
export const spoolLogger = createLogger({ service: 'api', stream: spoolLogs });

/** A distinct lead, told apart by its correlation id `c-<n>`. */
export function job(n: number): LeadJobData {
  const parsed = parseLead({ ...documentedExample, Description: `spooled ${n}` });
  if (!parsed.ok) throw new Error('fixture must be valid');
  return {
    leadId: contentKeyFor(parsed.lead),
    requestId: `c-${n}`,
    receivedAt: new Date().toISOString(),
    rawBody: '{}',
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
  };
}

/** The id of a process that has exited. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

/**
 * A spool subdirectory as a process that is not this one left it: its owner file, and the leads
 * `job(n)` for each n in `leads` in its file, followed by `tail` (a line cut short).
 */
export async function leftBehind(
  dir: string,
  owner: { pid: number; host: string },
  leads: number[],
  tail = '',
): Promise<string> {
  const path = join(dir, 'process-00000000000000ab');
  await mkdir(path);
  const record = { id: '00000000000000ab', startedAt: new Date().toISOString(), ...owner };
  await writeFile(join(path, OWNER_FILE), JSON.stringify(record));
  const lines = leads.map((n) => `${JSON.stringify(job(n))}\n`).join('');
  await writeFile(join(path, 'leads.ndjson'), lines + tail);
  return path;
}

/** Every spool file holding leads under `dir`, at any depth, as paths relative to it. */
export async function spoolFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true, encoding: 'utf8' });
  return names.filter((name) => name.endsWith('.ndjson')).sort();
}

/** Drains `spool` and gives back the correlation ids of what it handed on, in order. */
export async function drained(spool: {
  drain(put: (job: LeadJobData) => Promise<unknown>): Promise<number>;
}): Promise<string[]> {
  const seen: string[] = [];
  await spool.drain(async (entry) => seen.push(entry.requestId));
  return seen;
}

/** What a test disk does in place of a write: it may call the real one, or not. */
export type WriteInstead = (
  real: SpoolFileHandle,
  buffer: Uint8Array,
  offset: number,
  length: number,
) => Promise<{ bytesWritten: number }>;

/**
 * The real disk, but every write goes through `write` and every call is recorded in `calls`
 * (`open <file>`, `datasync <file>`, `sync-dir <directory>`), so a test can see what reached the
 * disk when.
 */
export function testDisk(
  write: WriteInstead = (real, buffer, offset, length) => real.write(buffer, offset, length, null),
): SpoolDisk & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async openForAppend(path) {
      calls.push(`open ${path}`);
      const real = await localDisk.openForAppend(path);
      return {
        stat: () => real.stat(),
        write: (buffer, offset, length) => write(real, buffer, offset, length),
        truncate: (length) => real.truncate(length),
        datasync: () => {
          calls.push(`datasync ${path}`);
          return real.datasync();
        },
        close: () => real.close(),
      };
    },
    syncDirectory(path) {
      calls.push(`sync-dir ${path}`);
      return localDisk.syncDirectory(path);
    },
  };
}

export async function eventually(
  check: () => Promise<boolean> | boolean,
  ms = 15_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
