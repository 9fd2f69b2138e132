import { colourAt, OTHER_COLOUR } from './palette';

/** One series a chart draws: its name, colour and a value per day. */
export interface Series {
  name: string;
  colour: string;
  values: number[];
}

export const OTHER = 'Other';

/** The largest number of series a chart shows; past it the smallest are summed as "Other". */
export const MAX_SERIES = 8;

function total(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0);
}

/**
 * Named daily counts as chart series, largest first, each with its colour. With more than
 * `max` names the largest `max - 1` stay and the rest are summed into one "Other" series, so a
 * legend stays readable and every lead is still counted. Values missing for a day count 0.
 */
export function foldSeries(
  byName: Readonly<Record<string, readonly number[]>>,
  dayCount: number,
  max = MAX_SERIES,
): Series[] {
  const aligned = Object.entries(byName).map(([name, values]) => ({
    name,
    values: Array.from({ length: dayCount }, (_, day) => values[day] ?? 0),
  }));
  aligned.sort((a, b) => total(b.values) - total(a.values) || a.name.localeCompare(b.name));
  const kept = aligned.length > max ? aligned.slice(0, max - 1) : aligned;
  const series = kept.map((item, index) => ({ ...item, colour: colourAt(index) }));
  if (aligned.length > max) {
    const rest = aligned.slice(max - 1);
    series.push({
      name: OTHER,
      colour: OTHER_COLOUR,
      values: Array.from({ length: dayCount }, (_, day) =>
        rest.reduce((sum, item) => sum + (item.values[day] ?? 0), 0),
      ),
    });
  }
  return series;
}
