// An account's day, in its own time zone: the local hours of a date as instants, and the date and
// wall-clock time of an instant. The platforms count spend per account-date (Google's
// customer.time_zone, Meta's timezone_name), never per UTC day, so every total the simulator
// reports starts here. Intl answers are slow (microseconds each), and a report walks every hour of
// every campaign-day, so each (zone, date) is computed once and kept.
// It does not use src/domain/time.ts on purpose: the simulator is the outside world, and a test in
// which both sides share one conversion could not catch a mistake in it.

export interface LocalHour {
  /** the hour's first instant (ms) */
  start: number;
  /** the next hour's first instant (ms) */
  end: number;
  /** 0–23 on the wall clock (a repeated hour on a fall-back day appears twice) */
  hour: number;
}

export interface LocalDay {
  date: string;
  start: number;
  end: number;
  hours: LocalHour[];
}

const HOUR = 3_600_000;
const formats = new Map<string, Intl.DateTimeFormat>();
const days = new Map<string, LocalDay>();
const DAYS_KEPT = 50_000;

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, f);
  }
  return f;
}

/** True when Intl knows the zone (an IANA name such as America/New_York). */
export function isZone(zone: string): boolean {
  try {
    format(zone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  date: string;
  /** HH:MM:SS */
  time: string;
  hour: number;
  minute: number;
  second: number;
}

/** The local date and time of an instant in a zone. */
export function wallClock(at: number, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of format(zone).formatToParts(new Date(at))) parts[p.type] = p.value;
  const hour = Number(parts.hour);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
    hour,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The account-date of an instant. */
export function localDate(at: number, zone: string): string {
  return wallClock(at, zone).date;
}

/** ms the zone is ahead of UTC at an instant. */
function offsetAt(at: number, zone: string): number {
  const w = wallClock(at, zone);
  const [y, m, d] = w.date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, w.hour, w.minute, w.second);
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/** The first instant of a local date (its midnight, or the first hour after a gap at midnight). */
function startOf(date: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d);
  let at = midnight - offsetAt(midnight, zone);
  at = midnight - offsetAt(at, zone);
  // a midnight skipped by a DST change lands on the day before: the day starts at the next hour
  while (localDate(at, zone) < date) at = nextHour(at, zone);
  return at;
}

function nextHour(at: number, zone: string): number {
  const w = wallClock(at, zone);
  return at - (w.minute * 60 + w.second) * 1000 - (((at % 1000) + 1000) % 1000) + HOUR;
}

/** A local date's hours as instants (23, 24 or 25 of them). */
export function localDay(date: string, zone: string): LocalDay {
  const key = `${zone}|${date}`;
  const known = days.get(key);
  if (known) return known;
  const start = startOf(date, zone);
  const hours: LocalHour[] = [];
  let at = start;
  while (localDate(at, zone) === date) {
    const end = nextHour(at, zone);
    hours.push({ start: at, end, hour: wallClock(at, zone).hour });
    at = end;
  }
  const day = { date, start, end: at, hours };
  if (days.size >= DAYS_KEPT) days.clear();
  days.set(key, day);
  return day;
}

/** date + n days (n may be negative), as YYYY-MM-DD. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 'YYYY-MM-DD' or 'YYYYMMDD' (GAQL takes both) → 'YYYY-MM-DD', or null. */
export function isoDate(text: string): string | null {
  const basic = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const date = basic ? `${basic[1]}-${basic[2]}-${basic[3]}` : text;
  if (!DATE.test(date)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const real = new Date(Date.UTC(y, m - 1, d));
  return real.getUTCFullYear() === y && real.getUTCMonth() === m - 1 && real.getUTCDate() === d ? date : null;
}
