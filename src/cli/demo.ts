// `budget demo`: an agency's day, live, with no other step. The platform simulator (src/simulator/)
// and the service (`budget start`: server, worker, embedded PostgreSQL without DATABASE_URL) in one
// process; `budget seed`'s data when the database has no brand; then a few brands under their
// budgets connected to simulated Google Ads and Meta accounts of their currency and time zone,
// their campaigns imported, and spend made to arrive: the simulated campaigns spend faster than
// real time (the first brand's daily budget is used up in --pace seconds, the others' more slowly)
// and the worker syncs the accounts every few seconds. So within a minute or two bars move, alerts
// fire, and a brand's campaigns pause, here and on the simulated platforms.
// The demo's accounts are named "… (simulated)": they are disconnected when it stops, and any an
// earlier demo left behind when it starts (their simulator is gone). Only this process points the
// service at the simulator, with BUDGET_SECRET_KEY made up when unset and the simulator's address
// added to OUTBOUND_ALLOW_HOSTS.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { readSettings, type Settings } from '../config.ts';
import { db } from '../db/index.ts';
import { enqueueMany } from '../db/jobs.ts';
import { PLATFORM_JOBS } from '../domain/jobs.ts';
import { formatMoney } from '../domain/money.ts';
import { CLI } from '../domain/scope.ts';
import { connectAdAccount, disconnectAdAccount, type PlatformAccess } from '../platforms/accounts.ts';
import { importAdCampaigns } from '../platforms/importCampaigns.ts';
import { credentialsKeyOf, platformSettings } from '../platforms/settings.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { seed } from './seed.ts';
import { start } from './start.ts';

export const DEMO_USAGE = `  demo [--pace SECONDS] [--brands N]      the service and the ad-platform simulator together, on
                                          \`seed\`'s data: N brands (3) connected to simulated Google Ads
                                          and Meta accounts spend live; the first uses up its daily
                                          budget in about SECONDS (90) and is paused on the platforms`;

export class DemoUsageError extends Error {}

/** Marks the demo's accounts (the simulator names them; connectAdAccount stores the name). */
const MARK = ' (simulated)';
/** The seed the demo runs on an empty database: `budget seed`'s defaults. */
const SEED = { brands: 20, campaignsPerBrand: 5, spendsPerCampaign: 20 };
/** Each brand's time to use up what is left of its daily budget, in paces: the first pauses, the others cross their alerts. */
const PACES = [1, 2.5, 4, 6, 8];
/** How the brand's rate is shared among its simulated campaigns (two on Google Ads, two on Meta). */
const SHARES = [
  ['GOOGLE_ADS', 'Search – Brand', 30n],
  ['GOOGLE_ADS', 'Performance Max', 20n],
  ['META', 'Prospecting', 35n],
  ['META', 'Retargeting', 15n],
] as const;
const FLAT = Array.from({ length: 24 }, () => 1);

interface DemoBrand {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  daily: bigint;
  today: bigint;
}

export async function demoCommand(args: string[], base: Settings): Promise<number> {
  const { values } = parseArgs({ args, options: { pace: { type: 'string', default: '90' }, brands: { type: 'string', default: '3' } } });
  const pace = Number(values.pace);
  if (!/^[0-9]+$/.test(values.pace!) || pace < 10 || pace > 3_600) throw new DemoUsageError('--pace must be whole seconds from 10 to 3600');
  const brands = Number(values.brands);
  if (!/^[0-9]+$/.test(values.brands!) || brands < 1 || brands > PACES.length)
    throw new DemoUsageError(`--brands must be a whole number from 1 to ${PACES.length}`);
  /** the demo's poll interval: a few polls before the first brand's budget is used up */
  const pollSeconds = Math.min(15, Math.max(2, Math.round(pace / 8)));

  const sim = await startSimulator({ host: '127.0.0.1', port: 0 });
  const simulated = sim.settings();
  const settings: Settings = {
    ...readSettings({
      ...process.env,
      ...simulated,
      OUTBOUND_ALLOW_HOSTS: [...base.outboundAllowHosts, simulated.OUTBOUND_ALLOW_HOSTS].join(','),
      BUDGET_SECRET_KEY: base.secretKey ?? randomBytes(32).toString('base64url'),
    }),
    platformPollSeconds: pollSeconds,
  };
  const access: PlatformAccess = { platforms: platformSettings(settings), secretKey: credentialsKeyOf(settings) };
  let timer: NodeJS.Timeout | undefined;
  const started = await start(settings, {
    server: true,
    worker: true,
    beforeStop: async () => {
      clearInterval(timer);
      await disconnectDemoAccounts().catch(() => undefined); // the database may be what failed
      await sim.close();
    },
  });

  let chosen: DemoBrand[];
  let accounts: string[];
  try {
    const [{ n }] = (await db().$queryRaw<{ n: number }[]>`select count(*)::int as n from brands`) as [{ n: number }];
    if (n === 0) await seed(SEED);
    await disconnectDemoAccounts();
    chosen = await brandsToConnect(brands);
    if (chosen.length === 0) {
      process.stderr.write(
        'budget demo: no brand is far enough under its daily budget today to show spend arriving (try tomorrow, or a fresh DATA_DIR)\n',
      );
    }
    accounts = await connect(sim, chosen, pace, access);
  } catch (error) {
    await started.stop(); // nothing left running, the embedded PostgreSQL least of all
    throw error;
  }
  const poll = () =>
    void db()
      .$transaction((tx) =>
        enqueueMany(
          tx,
          PLATFORM_JOBS.sync,
          accounts.map((adAccountId) => ({ payload: { adAccountId }, runAt: new Date() })),
        ),
      )
      .then(() => report(chosen))
      .catch(() => undefined); // stopping
  poll();
  timer = setInterval(poll, pollSeconds * 1000);

  process.stdout.write(
    [
      '',
      `Demo: ${chosen.length} brands are connected to simulated Google Ads and Meta accounts (the simulator on ${sim.url}, docs/simulator.md).`,
      `  Dashboard:  ${started.url}/   (sign in with the admin key printed at the first start, or BUDGET_ADMIN_KEY)`,
      `  Their campaigns spend faster than real time, and the worker reads their cost every ${pollSeconds} s:`,
      ...chosen.map(
        (b, i) =>
          `    ${b.name} (${b.timezone}): ${percent(b.today, b.daily)} of its daily budget of ${formatMoney(b.daily, b.currency)} ${b.currency} spent; ` +
          `the rest in about ${Math.round(pace * PACES[i]!)} s${i === 0 ? ', then its campaigns pause here and on the platforms ("PAUSED (by us)")' : ''}`,
      ),
      'Press Ctrl-C to stop the demo, the service and the simulator (the demo accounts are disconnected; the data stays).',
      '',
    ].join('\n'),
  );
  return -1; // runs until a signal
}

/** Disconnects the accounts a demo connected (this one, or one that ended without stopping). */
async function disconnectDemoAccounts(): Promise<void> {
  const left = await db().$queryRaw<{ id: string }[]>`select id from ad_accounts where name like ${`%${MARK}`} order by id`;
  for (const { id } of left) await db().$transaction((tx) => disconnectAdAccount(tx, id, CLI, new Date()));
}

/** Brands with a daily budget, no ad account and most of today's budget (and the month's) left, in name order. */
async function brandsToConnect(count: number): Promise<DemoBrand[]> {
  return db().$queryRaw<DemoBrand[]>`
    select b.id, b.name, b.currency, b.timezone, b.daily_budget as daily, coalesce(d.amount, 0)::bigint as today
      from brands b
      cross join lateral (select local_clock(now(), b.timezone)::date as day) t
      left join brand_daily_spends d on d.brand_id = b.id and d.spend_date = t.day
     where b.archived_at is null and b.daily_budget is not null
       and coalesce(d.amount, 0) * 10 < b.daily_budget * 6
       and not exists (select 1 from ad_accounts a where a.brand_id = b.id)
       and not exists (select 1 from campaigns c where c.brand_id = b.id and c.status = 'PAUSED' and c.pause_reason in ('DAILY_BUDGET', 'MONTHLY_BUDGET'))
       and (b.monthly_budget is null or b.monthly_budget - (
             select coalesce(sum(m.amount), 0) from brand_daily_spends m
              where m.brand_id = b.id and m.spend_date >= date_trunc('month', t.day)) > 2 * b.daily_budget)
     order by b.name
     limit ${count}`;
}

/**
 * For each brand a Google Ads and a Meta account in the simulator (the brand's currency and time
 * zone; ids of this run, so nothing booked by an earlier demo is compared with them), connected and
 * imported as an operator would. Their campaigns spend from now on at a flat rate that uses up what
 * is left of the brand's daily budget in its share of paces. Answers the accounts' ids.
 */
async function connect(sim: Simulator, brands: DemoBrand[], pace: number, access: PlatformAccess): Promise<string[]> {
  const run = String(Math.floor(Date.now() / 1000));
  const ids: string[] = [];
  for (const [i, brand] of brands.entries()) {
    // thousandths of the major unit an hour, for the whole brand
    const hourly = ((brand.daily - brand.today) * 3_600n) / BigInt(Math.round(pace * PACES[i]!));
    const total = SHARES.reduce((sum, [, , share]) => sum + share, 0n);
    const campaigns = (platform: string) =>
      SHARES.flatMap(([p, name, share], k) =>
        p === platform ? [{ id: `${run}${i}${k}`, name, hourlyRate: major((hourly * share) / total), dailyBudget: null, curve: FLAT }] : [],
      );
    const google = `${run}${i}`.slice(-10).replace(/^0/, '1');
    const accounts = [
      { platform: 'GOOGLE_ADS', id: google, credential: `1//demo-${run}-${i}`, credentials: { refreshToken: `1//demo-${run}-${i}` } },
      { platform: 'META', id: `act_${run}${i}`, credential: `EAADEMO${run}${i}`, credentials: { accessToken: `EAADEMO${run}${i}` } },
    ];
    for (const a of accounts) {
      sim.seed({
        accounts: [
          {
            platform: a.platform,
            id: a.id,
            name: `${brand.name}${MARK}`,
            currency: brand.currency,
            timeZone: brand.timezone,
            credentials: [a.credential],
            campaigns: campaigns(a.platform),
          },
        ],
      });
      const account = await connectAdAccount(
        db(),
        { brandId: brand.id, platform: a.platform, externalAccountId: a.id, credentials: a.credentials },
        CLI,
        new Date(),
        access,
      );
      await importAdCampaigns(db(), account.id, CLI, new Date(), access);
      ids.push(account.id);
    }
  }
  return ids;
}

/** One line after each poll: how far each demo brand is into its daily budget, and which are paused on their platforms. */
async function report(brands: DemoBrand[]): Promise<void> {
  if (!brands.length) return;
  const rows = await db().$queryRaw<{ id: string; today: bigint; paused: number }[]>`
    select b.id, coalesce(d.amount, 0)::bigint as today,
           (select count(*)::int from campaign_platform_states s where s.brand_id = b.id and s.paused_by_us and s.actual = 'PAUSED') as paused
      from brands b
      left join brand_daily_spends d on d.brand_id = b.id and d.spend_date = local_clock(now(), b.timezone)::date
     where b.id = any(${brands.map((b) => b.id)}::uuid[])`;
  const of = new Map(rows.map((r) => [r.id, r]));
  const parts = brands.map((b) => {
    const r = of.get(b.id);
    return `${b.name} ${r ? percent(r.today, b.daily) : '?'}${r?.paused ? ` (${r.paused} paused on the platforms)` : ''}`;
  });
  process.stdout.write(`[demo ${new Date().toISOString().slice(11, 19)}] of the daily budget: ${parts.join(' · ')}\n`);
}

/** Thousandths of a major unit as the simulator takes amounts: "12.345". */
function major(thousandths: bigint): string {
  return `${thousandths / 1000n}.${String(thousandths % 1000n).padStart(3, '0')}`;
}

function percent(part: bigint, whole: bigint): string {
  return `${whole > 0n ? Number((part * 100n) / whole) : 0} %`;
}
