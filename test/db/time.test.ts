// The time functions every other SQL reads (prisma/functions/10_time.sql): a window's span, its
// coverage of a wall clock, and the brand-local periods as instants, around DST changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAYS, windowCovers } from '../../src/domain/time.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';

let t: TestDb;
beforeAll(async () => void (t = await freshDatabase()));
afterAll(() => t.drop());

describe('window_span', () => {
  it.each([
    ['FRIDAY', '22:00', '02:00', '2026-11-27', '["2026-11-27 22:00:00","2026-11-28 02:00:00")'],
    ['FRIDAY', '08:00', '20:00', '2026-11-27', '["2026-11-27 08:00:00","2026-11-27 20:00:00")'],
    ['FRIDAY', '10:00', '10:00', '2026-11-27', '["2026-11-27 10:00:00","2026-11-28 10:00:00")'],
    ['FRIDAY', '00:00', '00:00', '2026-11-27', '["2026-11-27 00:00:00","2026-11-28 00:00:00")'],
    ['FRIDAY', '22:00', '02:00', '2026-11-28', 'empty'],
  ])('%s %s–%s on %s: %s', async (dow, start, end, day, span) => {
    const [row] = await t.sql<{ span: string }>(`select window_span($1::day_of_week, $2::time, $3::time, $4::date)::text as span`, [
      dow,
      start,
      end,
      day,
    ]);
    expect(row!.span).toBe(span);
  });

  it('null in, null out (window_covers too)', async () => {
    const [row] = await t.sql(`select window_span(null, '08:00', '09:00', '2026-11-27') as span,
                                      window_covers(null, null, null, '2026-11-27 08:30') as covers`);
    expect(row).toEqual({ span: null, covers: null });
  });
});

describe('window_week', () => {
  it('a fraction of a second before a window closes is inside it, its opening and closing instants are what they say', async () => {
    const [row] = await t.sql(
      `select window_covers('MONDAY', '09:00', '10:00', '2026-11-30 08:59:59.999') as before,
              window_covers('MONDAY', '09:00', '10:00', '2026-11-30 09:00') as opening,
              window_covers('MONDAY', '09:00', '10:00', '2026-11-30 09:59:59.999') as last,
              window_covers('MONDAY', '09:00', '10:00', '2026-11-30 10:00') as closing,
              window_week('SUNDAY', '22:00', '02:00')::text as wraps,
              window_week('FRIDAY', '10:00', '10:00')::text as full_day`,
    );
    expect(row).toEqual({
      before: false,
      opening: true,
      last: true,
      closing: false,
      wraps: '{[0,7200),[597600,604800)}',
      full_day: '{[381600,468000)}',
    });
  });
});

describe('window_covers', () => {
  it('agrees with the reference for every window on the hour and every quarter hour of a week', async () => {
    // Monday 2026-11-30 to Monday 2026-12-07, wall clock; windows on Monday and Sunday (the week's wrap)
    // and the window's other views agree: its week (window_week, what campaigns.dayparting holds) and
    // its occurrence that starts on the date of clock - start (window_span)
    const rows = await t.sql<{
      dow: string;
      s: number;
      e: number;
      dow_clock: number;
      second: number;
      covers: boolean;
      week: boolean;
      span: boolean;
    }>(
      `select w.dow::text as dow, w.s, w.e, extract(isodow from c)::int as dow_clock,
              extract(epoch from c::time)::int as second,
              window_covers(w.dow, w.st, w.et, c) as covers,
              window_week(w.dow, w.st, w.et) @> week_second(c) as week,
              window_span(w.dow, w.st, w.et, (c - w.st)::date) @> c as span
         from (select d.dow, s * 60 as s, e * 60 as e, make_time(s, 0, 0) as st, make_time(e, 0, 0) as et
                 from unnest(array['MONDAY', 'SUNDAY']::day_of_week[]) d(dow), generate_series(0, 23, 3) s, generate_series(0, 23, 3) e) w,
              generate_series(timestamp '2026-11-30', timestamp '2026-12-07', interval '15 minutes') c`,
    );
    expect(rows.length).toBeGreaterThan(40_000);
    expect(rows.filter((r) => r.week !== r.covers || r.span !== r.covers).slice(0, 3)).toEqual([]);
    const wrong = rows.filter(
      (r) =>
        windowCovers(
          { dayOfWeek: r.dow as (typeof DAYS)[number], start: r.s, end: r.e },
          { date: '', isoDow: r.dow_clock, secondOfDay: r.second },
        ) !== r.covers,
    );
    expect(wrong.slice(0, 3)).toEqual([]);
  });
});

describe('brand-local periods as instants', () => {
  const iso = (d: Date) => d.toISOString();
  async function periods(at: string, tz: string) {
    const [row] = await t.sql<{ day_start: Date; day_end: Date; month_start: Date; month_end: Date }>(
      `select lower(local_day($1, $2)) as day_start, upper(local_day($1, $2)) as day_end,
              lower(local_month($1, $2)) as month_start, upper(local_month($1, $2)) as month_end`,
      [at, tz],
    );
    return { day: [iso(row!.day_start), iso(row!.day_end)], month: [iso(row!.month_start), iso(row!.month_end)] };
  }

  it('a day of 23 and of 25 hours (Paris)', async () => {
    expect(await periods('2026-03-29T12:00:00Z', 'Europe/Paris')).toEqual({
      day: ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      month: ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    });
    expect((await periods('2026-10-25T12:00:00Z', 'Europe/Paris')).day).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });

  it('midnight passed twice (Havana, clocks back from 01:00 to 00:00): the day and month start at the first', async () => {
    expect(await periods('2026-11-01T12:00:00Z', 'America/Havana')).toEqual({
      day: ['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
      month: ['2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
    });
    // both instants read midnight; the date changed at the first
    const [clock] = await t.sql<{ a: string; b: string; before: string }>(
      `select local_clock('2026-11-01T04:00:00Z', 'America/Havana')::text as a, local_clock('2026-11-01T05:00:00Z', 'America/Havana')::text as b,
              local_clock('2026-11-01T03:59:59Z', 'America/Havana')::text as before`,
    );
    expect(clock).toEqual({ a: '2026-11-01 00:00:00', b: '2026-11-01 00:00:00', before: '2026-10-31 23:59:59' });
  });

  it('midnight skipped (Havana, clocks forward from 00:00 to 01:00): the day starts where the gap ends', async () => {
    expect((await periods('2026-03-08T12:00:00Z', 'America/Havana')).day).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });

  it('wall_instants: both instants of a repeated wall time, one of any other', async () => {
    const instants = async (wall: string) =>
      (await t.sql<{ at: Date }>(`select x as at from wall_instants($1::timestamp, 'America/New_York') x order by 1`, [wall])).map((r) =>
        iso(r.at),
      );
    expect(await instants('2026-11-01 01:30')).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']);
    expect(await instants('2026-11-01 02:30')).toEqual(['2026-11-01T07:30:00.000Z']);
    // skipped (02:00 EST → 03:00 EDT): 02:30 at the offset before the change, 03:30 EDT
    expect(await instants('2026-03-08 02:30')).toEqual(['2026-03-08T07:30:00.000Z']);
  });
});
