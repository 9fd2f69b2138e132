import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LeadJobData } from '@leadbridge/lead-model';

// The built spool, run in a process of its own as another API process would run it.
const DIST = join(__dirname, '..', 'dist', 'spool');

// Opens a spool that never shows it is alive (as a process whose heartbeat stalled), spools
// FIRST, then starts writing SECOND and stops in the middle of the write until told "go".
const WRITER = `
const { openLeadSpool } = require(${JSON.stringify(join(DIST, 'lead-spool.js'))});
const { localDisk } = require(${JSON.stringify(join(DIST, 'spool-disk.js'))});
const { createLogger } = require('@leadbridge/service-kit');
const lines = require('node:readline').createInterface({ input: process.stdin });
const go = new Promise((resolve) => lines.once('line', resolve));
let gated = false;
const disk = {
  ...localDisk,
  async openForAppend(path) {
    const file = await localDisk.openForAppend(path);
    const write = file.write.bind(file);
    file.write = async (...args) => {
      if (gated) {
        console.log('writing');
        await go;
      }
      return write(...args);
    };
    return file;
  },
};
(async () => {
  const logger = createLogger({ service: 'api', stream: process.stderr });
  const spool = await openLeadSpool(process.env.SPOOL_DIR, logger, { disk, heartbeatMs: 1e6 });
  await spool.append(JSON.parse(process.env.FIRST));
  gated = true;
  await spool.append(JSON.parse(process.env.SECOND)).then(
    () => console.log('acknowledged'),
    (error) => console.log('refused: ' + error.message),
  );
  lines.once('close', () => process.exit(0));
})();
`;

export interface StalledWriter {
  /** Resolves with the first line the process prints that matches. */
  said(pattern: RegExp): Promise<string>;
  /** Lets the write it stopped in go on. */
  resume(): void;
  stop(): void;
}

/** Another API process, spooling into `dir`, stopped in the middle of writing `second`. */
export function startStalledWriter(
  dir: string,
  first: LeadJobData,
  second: LeadJobData,
): StalledWriter {
  const child = spawn(process.execPath, ['-e', WRITER], {
    cwd: join(__dirname, '..'),
    env: {
      PATH: process.env.PATH,
      SPOOL_DIR: dir,
      FIRST: JSON.stringify(first),
      SECOND: JSON.stringify(second),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const printed: string[] = [];
  let stderr = '';
  let exited: string | undefined;
  const listeners = new Set<() => void>();
  const tell = () => listeners.forEach((listener) => listener());
  createInterface({ input: child.stdout }).on('line', (line) => {
    printed.push(line);
    tell();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('exit', (code) => {
    exited = `the writer exited (${code}): ${stderr}`;
    tell();
  });
  return {
    said(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = printed.find((seen) => pattern.test(seen));
          if (line === undefined && exited === undefined) return;
          listeners.delete(check);
          if (line === undefined) reject(new Error(exited));
          else resolve(line);
        };
        listeners.add(check);
        check();
      });
    },
    resume: () => child.stdin.write('go\n'),
    stop: () => child.stdin.end(),
  };
}
