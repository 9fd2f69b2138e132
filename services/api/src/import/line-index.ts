import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Passes bytes through unchanged and notes where each line starts, counting CRLF, LF and a lone
 * CR each as one line break, as a person opening the file in an editor counts them. The CSV
 * parser's own count takes the CRLF inside a quoted cell for two lines, and says where a record
 * ends, where a person wants where it starts.
 */
export class LineIndex extends Transform {
  /** Byte offset at which each line starts; the first is 0. */
  private readonly starts: number[] = [0];
  /** Whether each finished line held nothing but its break. */
  private readonly empty: boolean[] = [];
  private offset = 0;
  private lineHasText = false;
  private pendingCr = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const byte of chunk) {
      if (this.pendingCr) {
        this.pendingCr = false;
        if (byte === LF) {
          this.offset++;
          this.endLine();
          continue;
        }
        this.endLine(); // a lone CR
      }
      this.offset++;
      if (byte === CR) this.pendingCr = true;
      else if (byte === LF) this.endLine();
      else this.lineHasText = true;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.pendingCr) this.endLine();
    done();
  }

  private endLine(): void {
    this.empty.push(!this.lineHasText);
    this.starts.push(this.offset);
    this.lineHasText = false;
  }

  /**
   * The line (1 for the first) of the first text at or after byte `offset`, skipping lines that
   * are empty: where a record the parser read from `offset` on starts.
   */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    while (this.empty[low] === true && low + 1 < this.starts.length) low++;
    return low + 1;
  }
}
