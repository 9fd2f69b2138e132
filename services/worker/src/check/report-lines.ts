// Every section of `npm run check` lines up the same way: a mark, a label, then the value, and
// the advice under a finding starts where the values do.
const LABEL_WIDTH = 17;

/** Where the lines under a finding (its cause, what to do) start. */
export const INDENT = ' '.repeat(2 + LABEL_WIDTH);

/** `✓ Label            value`: one line of a report, without trailing spaces. */
export function row(mark: string, label: string, value: string): string {
  return `${mark} ${label.padEnd(LABEL_WIDTH)}${value}`.trimEnd();
}
