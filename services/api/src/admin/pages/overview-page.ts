import type { LeadActivityReader } from '@leadbridge/lead-activity';
import type { Request, Response } from 'express';
import { foldSeries } from './charts/fold-series';
import { horizontalBarChart } from './charts/horizontal-bar-chart';
import { lineChart } from './charts/line-chart';
import { PALETTE } from './charts/palette';
import { stackedBarChart } from './charts/stacked-bar-chart';
import { html } from './html';
import { layout } from './layout';
import { pageViewer } from './page-viewer';
import type { PagesDeps } from './pages-deps';
import { queueDepthTable, readQueueDepths } from './queue-depths';

const RANGES = [30, 90] as const;

/** A latency as people say it: 850 ms, 4.2 s, 3.5 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

/** GET /overview: the last 30 or 90 days in charts, and the queues now. */
export async function overviewPage(
  deps: PagesDeps,
  activity: LeadActivityReader,
  req: Request,
  res: Response,
): Promise<void> {
  const days = req.query.days === '90' ? 90 : 30;
  const viewer = pageViewer(res, deps.readOnly);
  const [overview, depths] = await Promise.all([
    activity.overview(days),
    readQueueDepths([deps.queue, ...deps.destinationQueues]),
  ]);
  const count = overview.days.length;
  // Aligned by day, not by position: a day the reader left out is a gap in the line.
  const latency = new Map(overview.latency.map((day) => [day.day, day]));
  const latencyOf = (key: 'p50Ms' | 'p95Ms') =>
    overview.days.map((day) => latency.get(day)?.[key] ?? null);
  const ranges = RANGES.map((range) =>
    range === days
      ? html`<strong aria-current="page">${range} days</strong>`
      : html`<a href="/overview?days=${range}">${range} days</a>`,
  );
  const body = html`<h1>Overview</h1>
    <p>Showing the last ${ranges[0]} · ${ranges[1]} (UTC days).</p>
    <div class="charts">
      ${stackedBarChart({ title: 'Leads per day by offer', days: overview.days, series: foldSeries(overview.byOffer, count) })}
      ${stackedBarChart({ title: 'Leads per day by action code', days: overview.days, series: foldSeries(overview.byAction, count) })}
      ${lineChart({
        title: 'Delivery latency per day (receipt to last write)',
        days: overview.days,
        lines: [
          { name: 'p50', colour: PALETTE[0] ?? '#0072b2', values: latencyOf('p50Ms') },
          { name: 'p95', colour: PALETTE[1] ?? '#d55e00', values: latencyOf('p95Ms') },
        ],
        format: formatDuration,
      })}
      ${horizontalBarChart({ title: 'Failures by reason', counts: overview.failuresByReason })}
    </div>
    <h2>Queues now</h2>
    ${queueDepthTable(depths)}`;
  res.type('html').send(layout({ title: 'Overview', section: 'overview', viewer, body }));
}
