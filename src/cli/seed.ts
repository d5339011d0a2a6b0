// `budget seed`: demo data that looks like an agency's: brands across timezones and currencies,
// campaigns on the usual platforms, business-hours and evening windows, and a month of spends.
// Written set-based, 500 brands per transaction, then one reconcile brings every campaign to its
// desired state (as the writes of the API would have, one by one).
import { db, LONG_TX } from '../db/index.ts';
import { runEnforcement } from '../engine/enforcement.ts';
import { EVENTS_CHANNEL, EVENTS_LOCK } from '../engine/events.ts';
import { summaryOf } from '../engine/reconcile.ts';

export interface SeedOptions {
  brands: number;
  campaignsPerBrand: number;
  spendsPerCampaign: number;
}

const CHUNK = 500;

export async function seed(options: SeedOptions, at = new Date()): Promise<void> {
  const bar = progress('seeding', options.brands);
  const [{ offset }] = (await db().$queryRaw<{ offset: number }[]>`select count(*)::int as offset from brands`) as [{ offset: number }];
  for (let done = 0; done < options.brands; done += CHUNK) {
    const n = Math.min(CHUNK, options.brands - done);
    // The seed writes CREATE events: like every event writer it takes the events lock first (so ids
    // commit in order for live subscribers) and wakes them at commit.
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${EVENTS_LOCK})`;
      await tx.$executeRaw`
      with zones(i, tz, currency) as (
        values (0, 'America/New_York', 'USD'), (1, 'America/Chicago', 'USD'), (2, 'America/Denver', 'USD'),
               (3, 'America/Los_Angeles', 'USD'), (4, 'America/Toronto', 'CAD'), (5, 'America/Sao_Paulo', 'BRL'),
               (6, 'Europe/London', 'GBP'), (7, 'Europe/Paris', 'EUR'), (8, 'Europe/Berlin', 'EUR'),
               (9, 'Europe/Madrid', 'EUR'), (10, 'Asia/Kolkata', 'INR'), (11, 'Asia/Singapore', 'SGD'),
               (12, 'Asia/Tokyo', 'JPY'), (13, 'Australia/Sydney', 'AUD'), (14, 'Australia/Adelaide', 'AUD'),
               (15, 'Asia/Kathmandu', 'NPR'), (16, 'UTC', 'USD')
      ),
      picked as (
        select g, z.tz, z.currency, (5000 + floor(random() * 495000))::bigint as daily
          from generate_series(${offset + done + 1}::int, ${offset + done + n}::int) g
          join zones z on z.i = g % 17
      ),
      new_brands as (
        insert into brands (name, currency, timezone, daily_budget, monthly_budget, created_at, updated_at)
        select format('%s %s %s %s',
                 (array['Northwind','Bluebird','Summit','Harbor','Evergreen','Redwood','Silverline','Golden Gate','Maple','Atlas',
                        'Crescent','Pioneer','Lakeside','Cobalt','Juniper'])[1 + g % 15],
                 (array['Outdoor','Foods','Apparel','Motors','Travel','Health','Finance','Home','Beauty','Sports','Coffee','Pets'])[1 + (g / 15) % 12],
                 (array['Co.','Group','Labs','Brands','Direct','Studio'])[1 + (g / 180) % 6],
                 lpad(g::text, 5, '0')),
               currency, tz,
               case when random() < 0.1 then null else daily end,
               case when random() < 0.1 then null else daily * (20 + floor(random() * 12))::bigint end,
               ${at}, ${at}
          from picked
        returning id, daily_budget, monthly_budget
      ),
      new_campaigns as (
        insert into campaigns (brand_id, name, platform, external_campaign_id, created_at, updated_at)
        select b.id,
               format('%s – %s %s', p.label, (array['Prospecting','Retargeting','Brand Awareness','Holiday Sale','Search',
                        'Lookalike','Video Views','App Installs','Catalog','Always On'])[1 + (k * 7 + b.n) % 10], k),
               p.platform, format('%s-%s', upper(left(p.platform, 2)), lpad((floor(random() * 1e9))::bigint::text, 9, '0') || k),
               ${at}, ${at}
          from (select *, row_number() over () as n from new_brands) b
         cross join generate_series(1, ${options.campaignsPerBrand}::int) k
         cross join lateral (select (array['meta','google','tiktok','linkedin','snapchat'])[1 + (k + b.n) % 5] as platform) pp
         cross join lateral (select case pp.platform when 'meta' then 'Meta' when 'google' then 'Google Ads' when 'tiktok' then 'TikTok'
                                      when 'linkedin' then 'LinkedIn' else 'Snapchat' end as label, pp.platform) p
        returning id, brand_id, name
      ),
      created as (
        insert into campaign_status_events (brand_id, campaign_id, campaign_name, to_status, trigger, actor, occurred_at)
        select brand_id, id, name, 'ACTIVE', 'CREATE', 'cli', ${at} from new_campaigns order by id
      ),
      shaped as (
        select c.*, random() as r from new_campaigns c
      ),
      business_hours as (
        insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time)
        select s.brand_id, s.id, d::day_of_week, '08:00', '20:00'
          from shaped s cross join unnest(array['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY']) d
         where s.r < 0.3
      ),
      evenings as (
        insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time)
        select s.brand_id, s.id, d, '18:00', '02:00'
          from shaped s cross join unnest(enum_range(null::day_of_week)) d
         where s.r >= 0.3 and s.r < 0.4
      )
      -- About 30% of the spends fall in the last few hours, sized so today's total is ~half the daily
      -- budget on average (some brands over, most under); the rest spread over the month so far.
      insert into spends (brand_id, campaign_id, amount, occurred_at, description, source, created_at, updated_at)
      select c.brand_id, c.id,
             greatest(1, (case when x.today
                                then coalesce(b.daily_budget, b.monthly_budget / 30, 10000) / 0.45
                                else coalesce(b.monthly_budget, b.daily_budget * 30, 300000) / 0.9 end
                          * (0.2 + random()) / (${options.campaignsPerBrand}::int * ${options.spendsPerCampaign}::int))::bigint),
             case when x.today then ${at}::timestamptz - random() * interval '3 hours'
                  else ${at}::timestamptz - random() * (${at}::timestamptz - date_trunc('month', ${at}::timestamptz)) end,
             'seeded spend', 'seed', ${at}, ${at}
        from new_campaigns c
        join new_brands b on b.id = c.brand_id
       cross join generate_series(1, ${options.spendsPerCampaign}::int)
       cross join lateral (select random() < 0.3 as today) x`;
      await tx.$executeRaw`select pg_notify(${EVENTS_CHANNEL}, (select max(id)::text from campaign_status_events))`;
    }, LONG_TX);
    bar.update(done + n);
  }
  bar.done();
  const started = performance.now();
  const result = await db().$transaction((tx) => runEnforcement(tx, 'ALL', new Date(), 'cli'), LONG_TX);
  process.stdout.write(
    `Seeded ${options.brands} brands × ${options.campaignsPerBrand} campaigns × ${options.spendsPerCampaign} spends.\n` +
      `Reconcile completed: ${JSON.stringify(summaryOf(result))} (${Math.round(performance.now() - started)} ms)\n`,
  );
}

/** A progress bar on a terminal; a line per tenth otherwise. */
function progress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  return {
    update(done: number) {
      const share = total === 0 ? 1 : done / total;
      if (tty) {
        const width = 30;
        const filled = Math.round(share * width);
        process.stderr.write(
          `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(share * 100)}% ${done}/${total} brands`,
        );
      } else if (Math.floor(share * 10) > lastTenth) {
        lastTenth = Math.floor(share * 10);
        process.stderr.write(`${label}: ${done}/${total} brands\n`);
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
