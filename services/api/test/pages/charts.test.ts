import { dayAxis, DEFAULT_FRAME, niceMax } from '../../src/admin/pages/charts/axes';
import { foldSeries, OTHER } from '../../src/admin/pages/charts/fold-series';
import { horizontalBarChart, rankBars } from '../../src/admin/pages/charts/horizontal-bar-chart';
import { lineChart, linePath } from '../../src/admin/pages/charts/line-chart';
import { stackedBarChart, stackedBarLayout } from '../../src/admin/pages/charts/stacked-bar-chart';

const DAYS = ['2026-11-30', '2026-12-01', '2026-12-02'];

describe('the stacked bar chart of leads per day', () => {
  it('stacks each day’s segments to exactly that day’s total', () => {
    const series = foldSeries({ Alpha: [3, 0, 7], Beta: [1, 4, 2], Gamma: [0, 0, 1] }, 3);

    const layout = stackedBarLayout(DAYS, series);

    const scale = (DEFAULT_FRAME.height - DEFAULT_FRAME.top - DEFAULT_FRAME.bottom) / layout.top;
    expect(layout.bars.map((bar) => bar.total)).toEqual([4, 4, 10]);
    for (const bar of layout.bars) {
      const heights = bar.segments.reduce((sum, segment) => sum + segment.height, 0);
      expect(heights).toBeCloseTo(bar.total * scale, 6);
      const values = bar.segments.reduce((sum, segment) => sum + segment.value, 0);
      expect(values).toBe(bar.total);
    }
    expect(layout.top).toBeGreaterThanOrEqual(10);
  });

  it('puts the segments on top of each other, none overlapping and none below the axis', () => {
    const layout = stackedBarLayout(DAYS, foldSeries({ A: [2, 2, 2], B: [3, 3, 3] }, 3));

    const baseline = DEFAULT_FRAME.height - DEFAULT_FRAME.bottom;
    for (const bar of layout.bars) {
      let bottom = baseline;
      for (const segment of bar.segments) {
        expect(segment.y + segment.height).toBeCloseTo(bottom, 6);
        bottom = segment.y;
      }
      expect(bottom).toBeGreaterThanOrEqual(DEFAULT_FRAME.top);
    }
  });

  it('gives each bar a tooltip, an accessible name and a legend, with hostile names escaped', () => {
    const svg = stackedBarChart({
      title: 'Leads per day by offer',
      days: DAYS,
      series: foldSeries({ '<script>alert(1)</script>': [1, 2, 3], 'A & "B"': [1, 0, 0] }, 3),
    }).text;

    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Leads per day by offer:');
    expect(svg).toContain('<title>2026-12-02 · &lt;script&gt;alert(1)&lt;/script&gt;: 3</title>');
    expect(svg).toContain('A &amp; &quot;B&quot;');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('class="legend"');
    expect(svg.match(/<rect\s[^>]*fill/g)?.length).toBe(4 + 2); // four segments, two legend keys
  });

  it('says there is nothing to show rather than drawing an empty grid', () => {
    const none = stackedBarChart({ title: 'Leads per day by offer', days: DAYS, series: [] }).text;
    const zeros = stackedBarChart({
      title: 'Leads per day by offer',
      days: DAYS,
      series: foldSeries({ A: [0, 0, 0] }, 3),
    }).text;
    const noDays = stackedBarChart({ title: 'Leads per day', days: [], series: [] }).text;

    for (const svg of [none, zeros, noDays]) {
      expect(svg).toContain('Nothing in this period');
      expect(svg).not.toContain('<rect');
      expect(svg).not.toContain('NaN');
      expect(svg).not.toContain('Infinity');
    }
  });
});

describe('folding many series', () => {
  it('keeps the seven largest offers and sums the rest as "Other", so no lead goes missing', () => {
    const byOffer = Object.fromEntries(
      Array.from({ length: 12 }, (_, n) => [`Offer ${n}`, [n, 1, 0]]),
    );

    const series = foldSeries(byOffer, 3);

    expect(series).toHaveLength(8);
    expect(series.slice(0, 7).map((item) => item.name)).toEqual([
      'Offer 11',
      'Offer 10',
      'Offer 9',
      'Offer 8',
      'Offer 7',
      'Offer 6',
      'Offer 5',
    ]);
    const other = series[7];
    expect(other?.name).toBe(OTHER);
    expect(other?.values).toEqual([0 + 1 + 2 + 3 + 4, 5, 0]);
    const sum = (day: number) => series.reduce((all, item) => all + (item.values[day] ?? 0), 0);
    expect([sum(0), sum(1), sum(2)]).toEqual([66, 12, 0]);
    expect(new Set(series.map((item) => item.colour)).size).toBe(8);
  });

  it('keeps eight offers as they are, with no "Other"', () => {
    const byOffer = Object.fromEntries(Array.from({ length: 8 }, (_, n) => [`O${n}`, [1]]));

    expect(foldSeries(byOffer, 1).map((item) => item.name)).not.toContain(OTHER);
  });
});

describe('the latency line chart', () => {
  it('breaks the line on days where nothing was delivered', () => {
    expect(linePath([100, 200, null, 300], 400)).toMatch(/^M[\d. ]+L[\d. ]+M[\d. ]+$/);
    expect(linePath([null, null], 400)).toBe('');
  });

  it('writes the values as the caller formats them, in the axis and the tooltips', () => {
    const svg = lineChart({
      title: 'Delivery latency',
      days: DAYS,
      lines: [
        { name: 'p50', colour: '#000', values: [1500, null, 2500] },
        { name: 'p95', colour: '#111', values: [4000, null, 9000] },
      ],
      format: (ms) => `${ms / 1000} s`,
    }).text;

    expect(svg).toContain('<title>2026-12-02 · p95: 9 s</title>');
    expect(svg.match(/<circle/g)?.length).toBe(4);
    expect(svg).not.toContain('NaN');
  });

  it('says nothing was delivered when every day is empty', () => {
    const svg = lineChart({
      title: 'Delivery latency',
      days: DAYS,
      lines: [{ name: 'p50', colour: '#000', values: [null, null, null] }],
      format: String,
    }).text;

    expect(svg).toContain('Nothing delivered in this period');
    expect(svg).not.toContain('<circle');
  });
});

describe('the failures by reason chart', () => {
  it('ranks reasons largest first and leaves out those with none', () => {
    expect(rankBars({ timeout: 2, throttled: 0, 'http 400': 5 }).map((bar) => bar.label)).toEqual([
      'http 400',
      'timeout',
    ]);
  });

  it('draws one bar per reason with its count, escaping the reason', () => {
    const svg = horizontalBarChart({
      title: 'Failures by reason',
      counts: { '<b>bad</b>': 3, timeout: 1 },
    }).text;

    expect(svg).toContain('<title>&lt;b&gt;bad&lt;/b&gt;: 3</title>');
    expect(svg.match(/<rect/g)?.length).toBe(2);
    expect(svg).not.toContain('<b>');
  });

  it('says there were none when nothing failed', () => {
    expect(horizontalBarChart({ title: 'Failures', counts: {} }).text).toContain(
      'None in this period',
    );
  });
});

describe('the axes', () => {
  it('rounds the top of the axis up to a round number of ticks', () => {
    expect(niceMax(0)).toBe(4);
    expect(niceMax(3)).toBe(4);
    expect(niceMax(10)).toBe(20);
    expect(niceMax(37)).toBe(40);
    expect(niceMax(1234)).toBe(2000);
  });

  it('labels about ten of ninety days', () => {
    const days = Array.from({ length: 90 }, (_, n) =>
      new Date(Date.UTC(2026, 8, 1 + n)).toISOString().slice(0, 10),
    );

    const labels = dayAxis(DEFAULT_FRAME, days).text.match(/<text/g)?.length ?? 0;

    expect(labels).toBeGreaterThanOrEqual(8);
    expect(labels).toBeLessThanOrEqual(10);
  });
});
