import { html, type SafeHtml } from '../html';
import {
  at,
  dayAxis,
  DEFAULT_FRAME,
  formatCount,
  niceMax,
  plotHeight,
  plotWidth,
  valueAxis,
  type Frame,
} from './axes';
import { chartFigure } from './chart-figure';
import type { Series } from './fold-series';

export interface BarSegment {
  series: string;
  colour: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface StackedBar {
  day: string;
  total: number;
  /** From the baseline up, in series order; series with nothing that day are left out. */
  segments: BarSegment[];
}

export interface StackedBarLayout {
  /** The value at the top of the axis. */
  top: number;
  bars: StackedBar[];
}

/** Where each day's bar and each of its segments go: a segment's height is its share of the axis. */
export function stackedBarLayout(
  days: readonly string[],
  series: readonly Series[],
  frame: Frame = DEFAULT_FRAME,
): StackedBarLayout {
  const totals = days.map((_, day) =>
    series.reduce((sum, item) => sum + (item.values[day] ?? 0), 0),
  );
  const top = niceMax(Math.max(0, ...totals));
  const slot = plotWidth(frame) / Math.max(days.length, 1);
  const width = Math.max(1, slot * 0.8);
  const scale = plotHeight(frame) / top;
  const baseline = frame.top + plotHeight(frame);
  const bars = days.map((day, index) => {
    let y = baseline;
    const segments: BarSegment[] = [];
    for (const item of series) {
      const value = item.values[index] ?? 0;
      if (value <= 0) continue;
      const height = value * scale;
      y -= height;
      segments.push({
        series: item.name,
        colour: item.colour,
        value,
        x: frame.left + slot * index + (slot - width) / 2,
        y,
        width,
        height,
      });
    }
    return { day, total: totals[index] ?? 0, segments };
  });
  return { top, bars };
}

/**
 * Counts per day stacked by series (leads by offer, by action code), as an inline SVG figure.
 * Each segment's `<title>` is its tooltip: the day, the series and the count.
 */
export function stackedBarChart(options: {
  title: string;
  days: readonly string[];
  series: readonly Series[];
  frame?: Frame;
}): SafeHtml {
  const { title, days, series, frame = DEFAULT_FRAME } = options;
  const layout = stackedBarLayout(days, series, frame);
  const sum = layout.bars.reduce((all, bar) => all + bar.total, 0);
  const rects = layout.bars.map((bar) =>
    bar.segments.map(
      (segment) =>
        html`<rect
          x="${at(segment.x)}"
          y="${at(segment.y)}"
          width="${at(segment.width)}"
          height="${at(segment.height)}"
          fill="${segment.colour}"
          ><title>${bar.day} · ${segment.series}: ${segment.value}</title></rect
        >`,
    ),
  );
  return chartFigure({
    title,
    summary: `${sum} in all over ${days.length} days, in ${series.length} series`,
    frame,
    series,
    body: html`${valueAxis(frame, layout.top, formatCount)}<g class="bars">${rects}</g
      >${dayAxis(frame, days)}`,
    ...(sum === 0 ? { empty: 'Nothing in this period' } : {}),
  });
}
