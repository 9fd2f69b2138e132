import { html, type SafeHtml } from '../html';
import { at, formatCount, niceMax, type Frame } from './axes';
import { chartFigure } from './chart-figure';
import { OTHER, MAX_SERIES } from './fold-series';
import { colourAt, OTHER_COLOUR } from './palette';

const ROW = 26;
const LABEL_WIDTH = 200;

export interface HorizontalBar {
  label: string;
  value: number;
  colour: string;
}

/** Counts by name, largest first; past `max` names the smallest are summed as "Other". */
export function rankBars(
  counts: Readonly<Record<string, number>>,
  max = MAX_SERIES,
): HorizontalBar[] {
  const sorted = Object.entries(counts)
    .filter(([, value]) => value > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const kept = sorted.length > max ? sorted.slice(0, max - 1) : sorted;
  const bars = kept.map(([label, value], index) => ({ label, value, colour: colourAt(index) }));
  if (sorted.length > max) {
    const rest = sorted.slice(max - 1).reduce((sum, [, value]) => sum + value, 0);
    bars.push({ label: OTHER, value: rest, colour: OTHER_COLOUR });
  }
  return bars;
}

/** A label cut to fit the space left of the bars; the full text stays in the tooltip. */
function shorten(label: string): string {
  return label.length > 30 ? `${label.slice(0, 29)}…` : label;
}

/** Counts by name as horizontal bars (failures by reason), each with its count at its end. */
export function horizontalBarChart(options: {
  title: string;
  counts: Readonly<Record<string, number>>;
  width?: number;
}): SafeHtml {
  const { title, counts, width = 640 } = options;
  const bars = rankBars(counts);
  const frame: Frame = {
    width,
    height: Math.max(ROW * Math.max(bars.length, 3) + 16, 80),
    left: LABEL_WIDTH,
    right: 56,
    top: 8,
    bottom: 8,
  };
  const top = niceMax(Math.max(0, ...bars.map((bar) => bar.value)));
  const room = frame.width - frame.left - frame.right;
  const rows = bars.map((bar, index) => {
    const y = frame.top + index * ROW;
    const length = (bar.value / top) * room;
    return html`<g
      ><text
        x="${at(frame.left - 8)}"
        y="${at(y + 16)}"
        text-anchor="end"
        font-size="12"
        fill="#1b2430"
        >${shorten(bar.label)}</text
      ><rect
        x="${at(frame.left)}"
        y="${at(y + 4)}"
        width="${at(length)}"
        height="${ROW - 8}"
        fill="${bar.colour}"
        ><title>${bar.label}: ${bar.value}</title></rect
      ><text x="${at(frame.left + length + 6)}" y="${at(y + 16)}" font-size="12" fill="#1b2430"
        >${formatCount(bar.value)}</text
      ></g
    >`;
  });
  const sum = bars.reduce((all, bar) => all + bar.value, 0);
  return chartFigure({
    title,
    summary: `${sum} in all, over ${bars.length} kinds`,
    frame,
    body: html`${rows}`,
    ...(bars.length === 0 ? { empty: 'None in this period' } : {}),
  });
}
