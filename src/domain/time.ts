// Time and periods. The engine computes brand-local dates and window coverage in SQL (see the
// window_covers function in prisma/functions/10_time.sql), so Node and PostgreSQL never disagree; this module
// parses LocalTime input and holds the pure reference the property test checks the SQL against.
import { DayOfWeek as DAY_OF_WEEK, type DayOfWeek } from '../db/generated/prisma/enums.ts';
import { DomainError, quote } from './errors.ts';

/** Monday first, as the day_of_week enum orders them. */
export const DAYS = Object.values(DAY_OF_WEEK) as readonly DayOfWeek[];
export type { DayOfWeek };

/** YYYY-MM-DD naming a real calendar date (no February 30th). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A spend more than this far in the future is refused (FUTURE_SPEND). */
export const FUTURE_SPEND_TOLERANCE_MS = 5 * 60_000;

const LOCAL_TIME = /^([01][0-9]|2[0-3]):([0-5][0-9])(?::00)?$/;

/** "09:30" or "09:30:00" → minutes after midnight; "24:00" and seconds ≠ 00 are refused. */
export function parseLocalTime(value: unknown, field: string): number {
  const m = typeof value === 'string' ? LOCAL_TIME.exec(value) : null;
  if (!m) throw new DomainError('INVALID_ARGUMENT', `${field} must be a time from 00:00 to 23:59 (HH:MM); got ${quote(value)}`, field);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatLocalTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function parseDayOfWeek(value: unknown, field = 'dayOfWeek'): DayOfWeek {
  if (typeof value === 'string' && (DAYS as readonly string[]).includes(value)) return value as DayOfWeek;
  throw new DomainError('INVALID_ARGUMENT', `${field} must be one of ${DAYS.join(', ')}; got ${quote(value)}`, field);
}

/** The wall clock of a brand at an instant. */
export interface LocalClock {
  /** YYYY-MM-DD */
  date: string;
  /** 1 = Monday … 7 = Sunday */
  isoDow: number;
  /** seconds after local midnight */
  secondOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localClock(at: Date, timezone: string): LocalClock {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timezone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  const isoDow = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    isoDow,
    secondOfDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  };
}

export interface Window {
  dayOfWeek: DayOfWeek;
  /** minutes after midnight */
  start: number;
  end: number;
}

/**
 * Dayparting: [start, end) on dayOfWeek in wall-clock time; end ≤ start runs past midnight
 * into the next day (start = end: a full day). The reference for SQL's window_covers.
 */
export function windowCovers(w: Window, clock: LocalClock): boolean {
  const day = DAYS.indexOf(w.dayOfWeek) + 1;
  const t = clock.secondOfDay;
  const start = w.start * 60;
  const end = w.end * 60;
  if (end > start) return clock.isoDow === day && t >= start && t < end;
  const previousDay = clock.isoDow === 1 ? 7 : clock.isoDow - 1;
  return (clock.isoDow === day && t >= start) || (previousDay === day && t < end);
}

/**
 * Two zone names that keep the same clock: equal once ICU resolves links ("US/Eastern" and
 * "America/New_York" are one zone). An ad account's days are its brand's only when this holds.
 */
export function sameTimeZone(a: string, b: string): boolean {
  if (a === b) return true;
  const canonical = (zone: string) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      return null;
    }
  };
  const ca = canonical(a);
  return ca !== null && ca === canonical(b);
}

/** An instant on a zone's wall clock, ISO 8601 to the second with the zone's offset then: "2026-12-06T10:30:00+01:00". */
export function localIso(at: Date, timezone: string): string {
  const { date, secondOfDay } = localClock(at, timezone);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}`;
  const offset = Math.round((Date.parse(`${date}T${time}Z`) - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const abs = Math.abs(offset);
  return `${date}T${time}${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
