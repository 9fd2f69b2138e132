import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * Reads every line the services write and keeps those holding something that must never be
 * logged: the suite's secrets and the test leads' personal data. The value itself is masked in
 * what is kept, so a failure message does not repeat it.
 */
export class LogScan {
  private readonly forbidden = new Map<string, string>();
  private seen = 0;
  private readonly found: string[] = [];

  /** `value` must appear in no line; `what` names it in a failure. */
  forbid(value: string, what: string): void {
    if (value) this.forbidden.set(value, what);
  }

  watch(source: string, stream: Readable | null): void {
    if (!stream) return;
    createInterface({ input: stream }).on('line', (line) => {
      this.seen += 1;
      for (const [value, what] of this.forbidden) {
        if (!line.includes(value)) continue;
        if (this.found.length < 20) {
          this.found.push(
            `${source} logged ${what}: ${line.split(value).join('<…>').slice(0, 300)}`,
          );
        }
      }
    });
  }

  get linesSeen(): number {
    return this.seen;
  }

  get leaks(): readonly string[] {
    return this.found;
  }
}
