// `budget seed`: demo data that looks like an agency's day: brands across timezones and currencies,
// campaigns on the usual platforms, business-hours and evening windows, and the month's spends so
// far, most brands under their budgets (spendsFor).
// Written through the engine's bulk functions, as the API would write it (audit entries, CREATE
// events, enforcement as the spends arrive): 500 brands with their campaigns and windows per
// transaction, then their spends 10,000 per recordSpends. A final reconcile reports the state.
// Amounts are drawn in each brand's currency's minor unit: yen brands get whole yen, dinar brands
// fils (src/domain/money.ts).
import { db, LONG_TX } from '../db/index.ts';
import { formatMoney, unitOf } from '../domain/money.ts';
import { CLI } from '../domain/scope.ts';
import { DAYS } from '../domain/time.ts';
import { createBrands } from '../engine/brands.ts';
import { createCampaigns, type CampaignRow } from '../engine/campaigns.ts';
import { runEnforcement } from '../engine/enforcement.ts';
import { MAX_BATCH, recordSpends, type SpendInput } from '../engine/ledger.ts';
import { summaryOf } from '../engine/reconcile.ts';
import { setSchedulesOf, type WindowInput } from '../engine/schedules.ts';

export interface SeedOptions {
  brands: number;
  campaignsPerBrand: number;
  spendsPerCampaign: number;
}

const CHUNK = 500;
const ZONES = [
  ['America/New_York', 'USD'],
  ['America/Chicago', 'USD'],
  ['America/Denver', 'USD'],
  ['America/Los_Angeles', 'USD'],
  ['America/Toronto', 'CAD'],
  ['America/Sao_Paulo', 'BRL'],
  ['Europe/London', 'GBP'],
  ['Europe/Paris', 'EUR'],
  ['Europe/Berlin', 'EUR'],
  ['Europe/Madrid', 'EUR'],
  ['Asia/Kolkata', 'INR'],
  ['Asia/Singapore', 'SGD'],
  ['Asia/Tokyo', 'JPY'],
  ['Australia/Sydney', 'AUD'],
  ['Australia/Adelaide', 'AUD'],
  ['Asia/Kathmandu', 'NPR'],
  ['Asia/Kuwait', 'KWD'],
  ['UTC', 'USD'],
] as const;
const FIRST = [
  'Northwind',
  'Bluebird',
  'Summit',
  'Harbor',
  'Evergreen',
  'Redwood',
  'Silverline',
  'Golden Gate',
  'Maple',
  'Atlas',
  'Crescent',
  'Pioneer',
  'Lakeside',
  'Cobalt',
  'Juniper',
];
const TRADE = ['Outdoor', 'Foods', 'Apparel', 'Motors', 'Travel', 'Health', 'Finance', 'Home', 'Beauty', 'Sports', 'Coffee', 'Pets'];
const FORM = ['Co.', 'Group', 'Labs', 'Brands', 'Direct', 'Studio'];
const PLATFORMS = [
  ['meta', 'Meta'],
  ['google', 'Google Ads'],
  ['tiktok', 'TikTok'],
  ['linkedin', 'LinkedIn'],
  ['snapchat', 'Snapchat'],
] as const;
const GOALS = [
  'Prospecting',
  'Retargeting',
  'Brand Awareness',
  'Holiday Sale',
  'Search',
  'Lookalike',
  'Video Views',
  'App Installs',
  'Catalog',
  'Always On',
];
const HOUR = 3_600_000;

/**
 * The g-th brand's name (g from 1), like a client's: "Atlas Outdoor Co.". The first 1,080 are
 * distinct combinations (each first name meets each trade once in 180); past them a number follows.
 */
export function brandName(g: number): string {
  const i = g - 1;
  const [first, round] = [i % 15, Math.floor(i / 15)];
  const name = `${FIRST[first]} ${TRADE[(round + first) % 12]} ${FORM[Math.floor(i / 180) % 6]}`;
  return i < 1080 ? name : `${name} ${Math.floor(i / 1080) + 1}`;
}

export async function seed(options: SeedOptions, at = new Date()): Promise<void> {
  const bar = progress('seeding', options.brands);
  const [{ offset }] = (await db().$queryRaw<{ offset: number }[]>`select count(*)::int as offset from brands`) as [{ offset: number }];
  const random = mulberry32(offset + 1); // reproducible: the same database gets the same demo data
  for (let done = 0; done < options.brands; done += CHUNK) {
    const numbers = Array.from({ length: Math.min(CHUNK, options.brands - done) }, (_, i) => offset + done + i + 1);
    // budgets and spends in minor units of each brand's currency (cents, yen, fils)
    const plans = numbers.map((g) => {
      const daily = 5_000 + Math.floor(random() * 495_000);
      const [timezone, currency] = ZONES[g % ZONES.length]!;
      return {
        name: brandName(g),
        timezone,
        currency,
        daily: random() < 0.1 ? null : BigInt(daily),
        monthly: random() < 0.1 ? null : BigInt(daily * (20 + Math.floor(random() * 12))),
      };
    });
    const campaigns = await db().$transaction(async (tx) => {
      const brands = await createBrands(
        tx,
        plans.map((p) => ({ ...p, dailyBudget: money(p.daily, p.currency), monthlyBudget: money(p.monthly, p.currency) })),
        CLI,
        at,
      );
      const created = await createCampaigns(
        tx,
        brands.flatMap((b, n) =>
          Array.from({ length: options.campaignsPerBrand }, (_, i) => {
            const k = i + 1;
            const [platform, label] = PLATFORMS[(k + n + 1) % 5]!;
            return {
              brandId: b.id,
              // ten distinct (platform, goal) pairs, then the same again numbered
              name: `${label} – ${GOALS[(k * 7 + n + 1) % 10]}${k > 10 ? ` ${Math.ceil(k / 10)}` : ''}`,
              platform,
              externalCampaignId: `${platform.slice(0, 2).toUpperCase()}-${String(Math.floor(random() * 1e9)).padStart(9, '0')}${k}`,
            };
          }),
        ),
        CLI,
        at,
      );
      const windows = created.flatMap((c) => {
        const shape = random();
        return shape < 0.3 ? [{ campaignId: c.id, windows: BUSINESS_HOURS }] : shape < 0.4 ? [{ campaignId: c.id, windows: EVENINGS }] : [];
      });
      await setSchedulesOf(tx, windows, CLI, at);
      return created;
    }, LONG_TX);
    await recordInBatches(spendsFor(campaigns, plans, options, random, at), at);
    bar.update(done + numbers.length);
  }
  bar.done();
  const started = performance.now();
  const result = await db().$transaction((tx) => runEnforcement(tx, 'ALL', at, CLI), LONG_TX);
  process.stdout.write(
    `Seeded ${options.brands} brands × ${options.campaignsPerBrand} campaigns × ${options.spendsPerCampaign} spends.\n` +
      `Reconcile completed: ${JSON.stringify(summaryOf(result))} (${Math.round(performance.now() - started)} ms)\n`,
  );
}

const BUSINESS_HOURS: WindowInput[] = DAYS.slice(0, 5).map((dayOfWeek) => ({ dayOfWeek, startTime: '08:00', endTime: '20:00' }));
const EVENINGS: WindowInput[] = DAYS.map((dayOfWeek) => ({ dayOfWeek, startTime: '18:00', endTime: '02:00' }));

/** An hour-of-day curve of ad spend, brand-local: quiet nights, a morning rise, busy evenings. */
const CURVE = [0.25, 0.15, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1, 1.1, 1.1, 1.2, 1.3, 1.2, 1.1, 1.1, 1.2, 1.4, 1.7, 2, 2, 1.7, 1.1, 0.6];
const CURVE_MAX = Math.max(...CURVE);

/** The brand-local clock at `at`: hour (with fractions), day of the month, days in the month. */
function localClock(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', number>;
  return {
    hours: parts.hour + parts.minute / 60,
    day: parts.day,
    daysInMonth: new Date(Date.UTC(parts.year, parts.month, 0)).getUTCDate(),
  };
}

/**
 * A real day's picture: each brand spends at a pace of its own, under its daily budget for most
 * (a few near their alert thresholds, one in twenty past it: paused by its budget), and under its
 * monthly pace, so month-to-date spend follows the share of the month gone; over the past days of
 * the month (at least the last six, so a new month's first hours have a history) and today so
 * far, at brand-local hours drawn from CURVE. Today's share is the hours gone; within it, and on
 * past days, the curve places each spend. Local hours are reckoned from the zone's offset now
 * (a change of daylight saving time during the week moves a past spend by an hour).
 */
function spendsFor(
  campaigns: CampaignRow[],
  plans: { daily: bigint | null; monthly: bigint | null; currency: string; timezone: string }[],
  options: SeedOptions,
  random: () => number,
  at: Date,
): SpendInput[] {
  const out: SpendInput[] = [];
  const perBrand = options.campaignsPerBrand * options.spendsPerCampaign;
  if (perBrand === 0) return out;
  for (let b = 0; b * options.campaignsPerBrand < campaigns.length; b++) {
    const plan = plans[b]!;
    const mine = campaigns.slice(b * options.campaignsPerBrand, (b + 1) * options.campaignsPerBrand);
    const clock = localClock(at, plan.timezone);
    const daily = Number(plan.daily ?? (plan.monthly !== null ? plan.monthly / 30n : 10_000n));
    const monthlyPace = plan.monthly === null ? daily : Math.min(daily, Number(plan.monthly) / clock.daysInMonth);
    const heat = random();
    // today so far: most brands at 60–90 % of their daily pace, some near their thresholds, a few past their budget
    const today =
      heat < 0.05
        ? daily * (1.02 + random() * 0.2)
        : daily * (clock.hours / 24) * (heat < 0.2 ? 0.82 + random() * 0.15 : 0.6 + random() * 0.3);
    const pastDays = Math.max(clock.day - 1, 6);
    const past = monthlyPace * (0.7 + random() * 0.25) * pastDays;
    // each spend today or on a past day, in proportion to the amounts; its hour by the curve
    const slots = Array.from({ length: perBrand }, () => {
      const isToday = random() < today / (today + past);
      for (;;) {
        const back = isToday
          ? random() * Math.max(clock.hours - 0.05, 0.01)
          : clock.hours + Math.floor(random() * pastDays) * 24 + random() * 24;
        const hour = (((clock.hours - back) % 24) + 24) % 24;
        if (random() * CURVE_MAX <= CURVE[Math.floor(hour)]!)
          return { isToday, back, weight: CURVE[Math.floor(hour)]! * (0.6 + random() * 0.8) };
      }
    });
    const total = (isToday: boolean) => slots.filter((s) => s.isToday === isToday).reduce((sum, s) => sum + s.weight, 0);
    const scale = { today: today / (total(true) || 1), past: past / (total(false) || 1) };
    slots.forEach((s, i) => {
      const minor = Math.max(1, Math.round(s.weight * (s.isToday ? scale.today : scale.past)));
      out.push({
        campaignId: mine[i % mine.length]!.id,
        amount: money(BigInt(minor), plan.currency)!,
        // at least a minute ago: never in the future
        occurredAt: new Date(at.getTime() - Math.max(s.back * HOUR, 60_000)),
        description: 'seeded spend',
        source: 'seed',
      });
    });
  }
  return out;
}

async function recordInBatches(spends: SpendInput[], at: Date): Promise<void> {
  for (let i = 0; i < spends.length; i += MAX_BATCH) {
    const { items } = await db().$transaction((tx) => recordSpends(tx, spends.slice(i, i + MAX_BATCH), CLI, at), LONG_TX);
    const failed = items.find((item) => item.error);
    if (failed) throw new Error(`seed spend ${i + failed.index} was refused: ${failed.error!.message}`);
  }
}

/** An amount in minor units of the currency, as Money. */
const money = (minor: bigint | null, currency: string) => (minor === null ? null : formatMoney(minor * unitOf(currency), currency));

/** A small seeded generator (mulberry32): demo data that can be made again. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
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
