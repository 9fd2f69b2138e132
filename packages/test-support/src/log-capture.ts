import { Writable } from 'node:stream';

/** A stream to hand a logger, keeping every JSON line it writes for assertions. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== ''),
    );
    done();
  }

  /** Every entry, parsed. */
  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** All output as one string, for "this never appears anywhere" checks. */
  text(): string {
    return this.lines.join('\n');
  }
}
