// Pacing's open time against enforcement's own rule: for random windows (overnight, full-day,
// inactive) in timezones with DST, half-hour and 45-minute offsets and a half-hour DST shift,
// over months holding a DST change, an instant lies in a piece exactly when the SQL function
// window_covers (what reconcile_campaigns uses) says some active window covers the brand's clock.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { DAYS, formatLocalTime } from '../../src/domain/time.ts';
import { campaignPacing } from '../../src/reads/pacing.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

const RUNS = Number(process.env.PACING_RUNS ?? 25);
const ZONES = ['Europe/Paris', 'America/New_York', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC'];
/** months holding a DST change somewhere in ZONES, and one without */
const MONTHS = ['2026-03-15T12:00:00Z', '2026-04-10T12:00:00Z', '2026-10-15T12:00:00Z', '2026-11-05T12:00:00Z', '2026-07-01T12:00:00Z'];
const STEP = 7 * 60_000; // every 7 minutes: off the quarter hours, so pieces' edges are crossed from both sides

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

const windowArb = fc.record({
  dayOfWeek: fc.constantFrom(...DAYS),
  startTime: fc.integer({ min: 0, max: 95 }).map((q) => formatLocalTime(q * 15)),
  endTime: fc.integer({ min: 0, max: 95 }).map((q) => formatLocalTime(q * 15)),
  isActive: fc.constantFrom(true, true, true, true, false),
});

it(`open pieces agree with window_covers (${RUNS} runs)`, { timeout: 600_000 }, async () => {
  const created = new Date('2026-01-01T00:00:00Z');
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ZONES),
      fc.constantFrom(...MONTHS),
      fc.array(windowArb, { minLength: 0, maxLength: 4 }),
      async (timezone, month, windows) => {
        const brand = await make.brand({ timezone }, created);
        const c = await make.campaign(brand.id, {}, created);
        await make.windows(c.id, windows, created);
        const at = new Date(month);
        const pacing = (await campaignPacing(db(), [c.id], at)).get(c.id)!;
        const { periodStart, periodEnd } = pacing.monthly;
        const covered = await t.sql<{ ms: string; inside: boolean }>(
          `select floor(extract(epoch from g) * 1000)::bigint::text as ms,
                  coalesce(bool_or(window_covers(s.day_of_week, s.start_time, s.end_time, local_clock(g, $2))), true) as inside
             from generate_series($3::timestamptz, $4::timestamptz - interval '1 microsecond', $5::interval) g
             left join schedules s on s.campaign_id = $1 and s.is_active
            group by g order by g`,
          [c.id, timezone, new Date(periodStart), new Date(periodEnd), `${STEP / 1000} seconds`],
        );
        const open = pacing.open;
        const mismatches = covered.filter(({ ms, inside }) => {
          const x = Number(ms);
          return open.some((p) => p.start <= x && x < p.end) !== inside;
        });
        expect(mismatches.slice(0, 3), JSON.stringify({ timezone, month, windows })).toEqual([]);
        // pieces are in order, do not overlap, and each lies in one brand-local hour
        for (let i = 1; i < open.length; i++) expect(open[i]!.start).toBeGreaterThanOrEqual(open[i - 1]!.end);
        for (const p of open) expect(p.end - p.start).toBeLessThanOrEqual(3_600_000);
      },
    ),
    { numRuns: RUNS },
  );
});
