/** Where the bar is drawn: a terminal's stream (stderr). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressBar {
  /** How far through the file reading is, in bytes, and how many rows were decided. */
  update(bytes: number, rows: number): void;
  /** Clears the bar, so what is printed next starts on a clean line. */
  done(): void;
}

const REDRAW_MS = 100;

/**
 * A one-line bar on a terminal, by the share of the file read: `[#####-----] 48% 2,310 rows`.
 * Off when the stream is not a terminal (a pipe, a file, CI, `docker compose run -T`), so no
 * control characters end up in a log.
 */
export function progressBar(stream: ProgressStream, totalBytes: number): ProgressBar {
  if (!stream.isTTY || totalBytes <= 0) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  const draw = (bytes: number, rows: number) => {
    const share = Math.min(1, bytes / totalBytes);
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 30));
    const filled = Math.round(share * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    stream.write(
      `\r[${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${rows.toLocaleString('en-US')} rows`,
    );
    drawn = true;
  };
  return {
    update(bytes, rows) {
      const now = Date.now();
      if (now - last < REDRAW_MS) return;
      last = now;
      draw(bytes, rows);
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
