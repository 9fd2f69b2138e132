import { execFileSync } from 'node:child_process';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** `ps`'s state letters; `Z…` is a zombie: exited, not yet reaped. */
  stat: string;
  args: string;
}

/** Every process on the machine, from `ps`. */
export function listProcesses(): ProcessInfo[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .flatMap((line) => {
      const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
      if (!match) return [];
      const [, pid = '', ppid = '', stat = '', args = ''] = match;
      return [{ pid: Number(pid), ppid: Number(ppid), stat, args }];
    });
}

/**
 * Remembers every process started under `root` while it runs, polled from `ps`: a child that
 * outlives its parent is reparented and could no longer be found from `root` afterwards.
 */
export class ProcessTree {
  private readonly seen = new Map<number, ProcessInfo>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly root: number) {
    this.poll();
    this.timer = setInterval(() => this.poll(), 200);
  }

  private poll(): void {
    const all = listProcesses();
    // A shell that execs its command keeps its pid under a new command line.
    for (const info of all) if (this.seen.has(info.pid)) this.seen.set(info.pid, info);
    const known = new Set([this.root, ...this.seen.keys()]);
    for (let grew = true; grew;) {
      grew = false;
      for (const info of all) {
        if (!known.has(info.pid) && known.has(info.ppid)) {
          known.add(info.pid);
          this.seen.set(info.pid, info);
          grew = true;
        }
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Descendants seen so far that are still running (same pid and command line, not a zombie). */
  running(): ProcessInfo[] {
    this.poll();
    const now = new Map(listProcesses().map((info) => [info.pid, info]));
    return [...this.seen.values()].filter((info) => {
      const current = now.get(info.pid);
      return current !== undefined && current.args === info.args && !current.stat.startsWith('Z');
    });
  }

  /** Ends whatever is still running, whatever the test's outcome. */
  killAll(): void {
    this.stop();
    for (const { pid } of this.running()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
