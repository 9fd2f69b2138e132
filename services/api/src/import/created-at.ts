/** How a date written with slashes is read: `5/3/2026` is 3 May (month first, as Partner Center in English writes it) or 5 March. */
export type DateOrder = 'month-first' | 'day-first';

// Bounded quantifiers only: the value comes from a file anyone could have edited.
const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? {0,3}(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const SLASHED =
  /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:,? {1,3}(\d{1,2}):(\d{2})(?::(\d{2}))? {0,3}(AM|PM)?)? {0,3}(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

/** Offset of a zone as written (`Z`, `+02:00`, `-0500`), in minutes; none means UTC. */
function offsetMinutes(zone: string | undefined): number {
  if (!zone || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function toIso(
  parts: {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    ms: number;
  },
  zone: string | undefined,
): string | undefined {
  const { year, month, day, hour, minute, second, ms } = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // 31 February rolls over into March: refuse it rather than move the lead.
  if (new Date(local).getUTCDate() !== day) return undefined;
  return new Date(local - offsetMinutes(zone) * 60_000).toISOString();
}

function twelveHour(hour: number, meridiem: string | undefined): number | undefined {
  if (!meridiem) return hour;
  if (hour < 1 || hour > 12) return undefined;
  return (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
}

/**
 * A creation time as spreadsheets and Partner Center write it, as an ISO 8601 UTC time; undefined
 * when it cannot be read. Read: `2026-05-03T09:41:00Z` and ISO 8601 with or without `T`,
 * seconds, fraction or zone; `5/3/2026 9:41 AM` and `5/3/2026 09:41:00` (month first unless
 * `day-first`); `3.5.2026 09:41` (always day first). A time without a zone is taken as UTC.
 */
export function parseCreatedAt(
  value: string,
  order: DateOrder = 'month-first',
): string | undefined {
  const text = value.trim();
  if (text.length > 40) return undefined;
  const iso = ISO.exec(text);
  if (iso) {
    return toIso(
      {
        year: Number(iso[1]),
        month: Number(iso[2]),
        day: Number(iso[3]),
        hour: Number(iso[4] ?? 0),
        minute: Number(iso[5] ?? 0),
        second: Number(iso[6] ?? 0),
        ms: Number((iso[7] ?? '0').padEnd(3, '0').slice(0, 3)),
      },
      iso[8],
    );
  }
  const slashed = SLASHED.exec(text);
  if (!slashed) return undefined;
  const first = Number(slashed[1]);
  const second = Number(slashed[3]);
  const dayFirst = slashed[2] === '.' || order === 'day-first';
  const hour = twelveHour(Number(slashed[5] ?? 0), slashed[8]);
  if (hour === undefined) return undefined;
  return toIso(
    {
      year: Number(slashed[4]),
      month: dayFirst ? second : first,
      day: dayFirst ? first : second,
      hour,
      minute: Number(slashed[6] ?? 0),
      second: Number(slashed[7] ?? 0),
      ms: 0,
    },
    slashed[9],
  );
}
