// `budget seed`: demo data that looks like an agency's: brands across timezones and currencies,
// campaigns on the usual platforms, business-hours and evening windows, and a month of spends.
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

export async function seed(options: SeedOptions, at = new Date()): Promise<void> {
  const bar = progress('seeding', options.brands);
  const [{ offset }] = (await db().$queryRaw<{ offset: number }[]>`select count(*)::int as offset from brands`) as [{ offset: number }];
  const random = mulberry32(offset + 1); // reproducible: the same database gets the same demo data
  const monthStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  for (let done = 0; done < options.brands; done += CHUNK) {
    const numbers = Array.from({ length: Math.min(CHUNK, options.brands - done) }, (_, i) => offset + done + i + 1);
    // budgets and spends in minor units of each brand's currency (cents, yen, fils)
    const plans = numbers.map((g) => {
      const daily = 5_000 + Math.floor(random() * 495_000);
      const [timezone, currency] = ZONES[g % ZONES.length]!;
      return {
        name: `${FIRST[g % 15]} ${TRADE[Math.floor(g / 15) % 12]} ${FORM[Math.floor(g / 180) % 6]} ${String(g).padStart(5, '0')}`,
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
              name: `${label} – ${GOALS[(k * 7 + n + 1) % 10]} ${k}`,
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
    await recordInBatches(spendsFor(campaigns, plans, options, random, at, monthStart), at);
    bar.update(done + numbers.length);
  }
  bar.done();
  const started = performance.now();
  const result = await db().$transaction((tx) => runEnforcement(tx, 'ALL', new Date(), CLI), LONG_TX);
  process.stdout.write(
    `Seeded ${options.brands} brands × ${options.campaignsPerBrand} campaigns × ${options.spendsPerCampaign} spends.\n` +
      `Reconcile completed: ${JSON.stringify(summaryOf(result))} (${Math.round(performance.now() - started)} ms)\n`,
  );
}

const BUSINESS_HOURS: WindowInput[] = DAYS.slice(0, 5).map((dayOfWeek) => ({ dayOfWeek, startTime: '08:00', endTime: '20:00' }));
const EVENINGS: WindowInput[] = DAYS.map((dayOfWeek) => ({ dayOfWeek, startTime: '18:00', endTime: '02:00' }));

/**
 * About 30% of the spends fall in the last three hours, sized so today's total is ~half the daily
 * budget on average (some brands over, most under); the rest spread over the month so far.
 */
function spendsFor(
  campaigns: CampaignRow[],
  plans: { daily: bigint | null; monthly: bigint | null; currency: string }[],
  options: SeedOptions,
  random: () => number,
  at: Date,
  monthStart: number,
): SpendInput[] {
  const perBrand = options.campaignsPerBrand * options.spendsPerCampaign;
  return campaigns.flatMap((c, i) => {
    const plan = plans[Math.floor(i / options.campaignsPerBrand)]!;
    const daily = Number(plan.daily ?? (plan.monthly !== null ? plan.monthly / 30n : 10_000n));
    const monthly = Number(plan.monthly ?? (plan.daily !== null ? plan.daily * 30n : 300_000n));
    return Array.from({ length: options.spendsPerCampaign }, () => {
      const today = random() < 0.3;
      const minor = Math.max(1, Math.floor(((today ? daily / 0.45 : monthly / 0.9) * (0.2 + random())) / perBrand));
      const occurredAt = new Date(today ? at.getTime() - random() * 3 * HOUR : at.getTime() - random() * (at.getTime() - monthStart));
      return { campaignId: c.id, amount: money(BigInt(minor), plan.currency)!, occurredAt, description: 'seeded spend', source: 'seed' };
    });
  });
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
function mulberry32(seed: number): () => number {
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
