import { html, type SafeHtml } from '../html';
import {
  at,
  dayAxis,
  DEFAULT_FRAME,
  niceMax,
  plotHeight,
  plotWidth,
  valueAxis,
  type Frame,
} from './axes';
import { chartFigure } from './chart-figure';

/** One line: a value per day, `null` where there is none (the line breaks there). */
export interface LineSeries {
  name: string;
  colour: string;
  values: readonly (number | null)[];
}

/** The path of one line: `M` starts each run of days with a value, `L` continues it. */
export function linePath(
  values: readonly (number | null)[],
  top: number,
  frame: Frame = DEFAULT_FRAME,
): string {
  const slot = plotWidth(frame) / Math.max(values.length, 1);
  const baseline = frame.top + plotHeight(frame);
  let path = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const x = frame.left + slot * (index + 0.5);
    const y = baseline - (value / top) * plotHeight(frame);
    path += `${drawing ? 'L' : 'M'}${at(x)} ${at(y)} `;
    drawing = true;
  });
  return path.trim();
}

/**
 * Values per day as lines (delivery latency p50 and p95) with a dot per value whose `<title>` is
 * its tooltip. `format` writes a value for the axis and the tooltips.
 */
export function lineChart(options: {
  title: string;
  days: readonly string[];
  lines: readonly LineSeries[];
  format: (value: number) => string;
  frame?: Frame;
}): SafeHtml {
  const { title, days, lines, format, frame = DEFAULT_FRAME } = options;
  const values = lines.flatMap((line) =>
    line.values.filter((value): value is number => value !== null),
  );
  const top = niceMax(Math.max(0, ...values));
  const slot = plotWidth(frame) / Math.max(days.length, 1);
  const baseline = frame.top + plotHeight(frame);
  const drawn = lines.map((line) => {
    const dots = line.values.map((value, index) =>
      value === null
        ? html``
        : html`<circle
            cx="${at(frame.left + slot * (index + 0.5))}"
            cy="${at(baseline - (value / top) * plotHeight(frame))}"
            r="3"
            fill="${line.colour}"
            ><title>${days[index] ?? ''} · ${line.name}: ${format(value)}</title></circle
          >`,
    );
    return html`<path
        d="${linePath(line.values, top, frame)}"
        fill="none"
        stroke="${line.colour}"
        stroke-width="2"
      />${dots}`;
  });
  return chartFigure({
    title,
    summary: `${lines.map((line) => line.name).join(' and ')} per day over ${days.length} days`,
    frame,
    series: lines,
    body: html`${valueAxis(frame, top, format)}<g class="lines">${drawn}</g
      >${dayAxis(frame, days)}`,
    ...(values.length === 0 ? { empty: 'Nothing delivered in this period' } : {}),
  });
}
