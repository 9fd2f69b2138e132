import { html, type SafeHtml } from '../html';

/** The drawing area of a chart, in SVG units; the plot is inside the margins. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_FRAME: Frame = {
  width: 640,
  height: 240,
  left: 52,
  right: 12,
  top: 12,
  bottom: 36,
};

export function plotWidth(frame: Frame): number {
  return frame.width - frame.left - frame.right;
}

export function plotHeight(frame: Frame): number {
  return frame.height - frame.top - frame.bottom;
}

/** A number for an SVG attribute: one decimal is finer than a pixel at these sizes. */
export function at(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

export const TICKS = 4;

/**
 * The top of the value axis: the smallest 1, 2 or 5 times a power of ten that, taken
 * `TICKS` times, reaches `max`, so every tick is a round number. At least 1 (a chart of zeros).
 */
export function niceMax(max: number): number {
  if (!(max > 0)) return TICKS;
  const rough = max / TICKS;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((s) => s >= rough) ?? rough;
  // Counts are whole: a step under 1 would label ticks 0.25, 0.5…
  return Math.max(step, Number.isInteger(max) ? 1 : 0) * TICKS;
}

/** Grid lines and labels of the value axis, from 0 to `top`. */
export function valueAxis(frame: Frame, top: number, format: (value: number) => string): SafeHtml {
  const lines = Array.from({ length: TICKS + 1 }, (_, tick) => {
    const value = (top / TICKS) * tick;
    const y = frame.top + plotHeight(frame) - (value / top) * plotHeight(frame);
    return html`<line
        x1="${at(frame.left)}"
        x2="${at(frame.width - frame.right)}"
        y1="${at(y)}"
        y2="${at(y)}"
        stroke="#d5dae1"
      /><text
        x="${at(frame.left - 6)}"
        y="${at(y + 4)}"
        text-anchor="end"
        font-size="11"
        fill="#4a5565"
        >${format(value)}</text
      >`;
  });
  return html`<g class="value-axis">${lines}</g>`;
}

/** Day labels under the plot, thinned so about ten show whatever the range. */
export function dayAxis(frame: Frame, days: readonly string[]): SafeHtml {
  const slot = plotWidth(frame) / Math.max(days.length, 1);
  const every = Math.max(1, Math.ceil(days.length / 10));
  const labels = days.map((day, index) => {
    if (index % every !== 0) return html``;
    const x = frame.left + slot * (index + 0.5);
    return html`<text
      x="${at(x)}"
      y="${at(frame.height - frame.bottom + 16)}"
      text-anchor="middle"
      font-size="11"
      fill="#4a5565"
      >${day.slice(5)}</text
    >`;
  });
  const baseline = frame.height - frame.bottom;
  return html`<g class="day-axis"
    ><line
      x1="${at(frame.left)}"
      x2="${at(frame.width - frame.right)}"
      y1="${at(baseline)}"
      y2="${at(baseline)}"
      stroke="#4a5565"
    />${labels}</g
  >`;
}

/** A count as the axis shows it: 1200 as 1.2k. */
export function formatCount(value: number): string {
  if (value >= 1000) return `${Math.round(value / 100) / 10}k`;
  return String(Math.round(value * 100) / 100);
}
