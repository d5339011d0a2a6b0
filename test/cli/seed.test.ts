// `budget seed` looks like an agency's real day, whatever the day of the month and the hour: at
// most 20 % of brands over their daily budget, most brands' month-to-date spend within ±50 % of
// their monthly budget × the share of the month gone, and spends on at least 12 distinct
// brand-local hours. Seeded as of instants on the 1st just after midnight UTC (the first hours
// of a month in the zones east of UTC), mid-month and on the month's last evening.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/cli/seed.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

const now = new Date();
const lastMonth = (day: number, hour: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day, hour, 40));
const INSTANTS = [lastMonth(1, 0), lastMonth(15, 13), new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0, 21, 40))];

describe('budget seed', () => {
  it.each(INSTANTS.map((at) => [at.toISOString(), at] as const))('looks like a real day as of %s', async (_label, at) => {
    await seed({ brands: 36, campaignsPerBrand: 3, spendsPerCampaign: 12 }, at);
    const [day] = await t.sql<{ brands: number; daily: number; over: number; monthly: number; onPace: number; hours: number }>(
      `with b as (select id, timezone, daily_budget, monthly_budget, local_clock($1::timestamptz, timezone) as clock
                    from brands where created_at = $1::timestamptz),
            f as (select b.*,
                         (select coalesce(sum(amount), 0) from spends s where s.brand_id = b.id and s.spend_date = b.clock::date) as today,
                         (select coalesce(sum(amount), 0) from spends s where s.brand_id = b.id and s.spend_date >= month_start(b.clock)) as mtd,
                         extract(epoch from b.clock - month_start(b.clock)::timestamp)
                           / extract(epoch from next_month_start(b.clock)::timestamp - month_start(b.clock)::timestamp) as share
                    from b)
       select count(*)::int as brands,
              count(*) filter (where daily_budget is not null)::int as daily,
              count(*) filter (where daily_budget is not null and today >= daily_budget)::int as over,
              count(*) filter (where monthly_budget is not null)::int as monthly,
              count(*) filter (where monthly_budget is not null and mtd between 0.5 * monthly_budget * share and 1.5 * monthly_budget * share)::int as "onPace",
              (select count(distinct extract(hour from local_clock(s.occurred_at, b.timezone)))::int
                 from spends s join b on b.id = s.brand_id) as hours
         from f`,
      [at],
    );
    expect(day!.brands).toBe(36);
    expect(day!.over).toBeLessThanOrEqual(Math.floor(day!.brands * 0.2));
    expect(day!.onPace).toBeGreaterThan(day!.monthly / 2);
    expect(day!.hours).toBeGreaterThanOrEqual(12);
  });
});
