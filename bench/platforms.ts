// `npm run bench -- platforms`: the ad platforms' loop against the local simulator (in this
// process, its clock frozen; the service's sync engine in this process over its own database).
//
//   loop: spend reported on the simulator that uses up a brand's daily budget → the sync that
//         reads it → the ledger → the pause applied on the simulator; from the start of that sync
//         to the simulator applying the pause (its own real instant), LOOPS times per platform.
//         Target p99 ≤ 2 s.
//   sync: 100 accounts × 100 campaigns (half Google, half Meta), every campaign spending: a first
//         sync of all of them (the last 7 days read, every total booked), then a repeated one
//         (nothing changed: nothing written), SYNC_CONCURRENCY accounts at once (the delivery
//         lane's default slots). Target ≤ 10 s for the 10,000 campaigns. Reference, in the same
//         run: the same platform calls alone (costs over 7 days and the campaign list, per account),
//         without the database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { closeDb, openDb } from '../src/db/index.ts';
import { clientFor } from '../src/platforms/clients.ts';
import { sealCredentials } from '../src/platforms/secrets.ts';
import { syncAccount, type SyncOptions } from '../src/platforms/sync.ts';
import { PLATFORM_DEFAULTS, type PlatformSettings } from '../src/platforms/types.ts';
import { startSimulator } from '../src/simulator/server.ts';
import { benchDatabase, report, table } from './lib.ts';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100);
const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS_PER_ACCOUNT ?? 100);
const LOOPS = Number(process.env.BENCH_LOOPS ?? 40);
const SYNC_CONCURRENCY = 8;
const ZONE = 'America/New_York';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (x: number) => `${Math.round(x)} ms`;

async function inParallel<T>(items: readonly T[], n: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

const db = await benchDatabase();
const prisma = openDb(db.url, { max: SYNC_CONCURRENCY * 2 });
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
const yesterday = new Date(Date.now() - 30 * 3_600_000).toISOString();
const accounts = Array.from({ length: ACCOUNTS + 2 }, (_, a) => {
  const google = a % 2 === 0;
  return {
    platform: google ? ('GOOGLE_ADS' as const) : ('META' as const),
    id: google ? String(1_000_000_000 + a) : `act_${9_000_000 + a}`,
    name: `Bench account ${a}`,
    currency: 'USD',
    timeZone: ZONE,
    credentials: [google ? `1//bench-refresh-${a}` : `EAABENCH-${a}`],
    // the last two: the loop's, one campaign each, spending nothing until told
    campaigns:
      a >= ACCOUNTS
        ? [{ id: String(500_000 + a), name: 'Loop', status: google ? 'ENABLED' : 'ACTIVE', hourlyRate: '0' }]
        : Array.from({ length: CAMPAIGNS }, (_, c) => ({
            id: String(a * 10_000 + c + 1),
            name: `Campaign ${c}`,
            status: google ? 'ENABLED' : 'ACTIVE',
            hourlyRate: `${1 + ((a * 7 + c * 13) % 40)}.${String((c * 37) % 100).padStart(2, '0')}`,
            since: yesterday,
          })),
  };
});
const sim = await startSimulator({ seed: { clock: { speed: 0 }, accounts } as never });
const env = sim.settings();
const platforms: PlatformSettings = {
  ...PLATFORM_DEFAULTS,
  google: {
    apiUrl: env.GOOGLE_ADS_API_URL!,
    apiVersion: env.GOOGLE_ADS_API_VERSION!,
    tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL!,
    clientId: env.GOOGLE_ADS_CLIENT_ID!,
    clientSecret: env.GOOGLE_ADS_CLIENT_SECRET!,
  },
  meta: { apiUrl: env.META_GRAPH_API_URL!, apiVersion: env.META_GRAPH_API_VERSION! },
  allowHosts: [new URL(sim.url).host],
};
const options: SyncOptions = { platforms, secretKey: randomBytes(32) };

// brands, accounts and linked campaigns, as connectAdAccount and importAdCampaigns leave them
const ids: string[] = [];
for (const [n, a] of accounts.entries()) {
  const {
    rows: [brand],
  } = await sql.query<{ id: string }>(`insert into brands (name, currency, timezone) values ($1, 'USD', $2) returning id`, [`Bench brand ${n}`, ZONE]);
  const credentials = a.platform === 'GOOGLE_ADS' ? { refreshToken: a.credentials[0] } : { accessToken: a.credentials[0] };
  const {
    rows: [account],
  } = await sql.query<{ id: string }>(
    `insert into ad_accounts (brand_id, platform, external_account_id, name, currency, time_zone, credentials)
     values ($1, $2, $3, $4, 'USD', $5, $6) returning id`,
    [brand!.id, a.platform, a.id, a.name, ZONE, sealCredentials(credentials, options.secretKey)],
  );
  ids.push(account!.id);
  await sql.query(
    `with c as (
       insert into campaigns (brand_id, name, platform, external_campaign_id, ad_account_id)
       select $1, x.name, $2, x.id, $3 from unnest($4::text[], $5::text[]) as x(id, name) returning id, brand_id)
     insert into campaign_platform_states (brand_id, campaign_id, ad_account_id, actual) select brand_id, id, $3, 'ENABLED' from c`,
    [brand!.id, a.platform, account!.id, a.campaigns.map((c) => c.id), a.campaigns.map((c) => c.name)],
  );
}
await sql.query('vacuum analyze');

// the reference: the same calls, without the database
const bulk = ids.slice(0, ACCOUNTS);
const dates = (() => {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE });
  const today = f.format(new Date());
  const from = f.format(new Date(Date.now() - 6 * 86_400_000));
  return { from, today };
})();
let started = performance.now();
await inParallel(accounts.slice(0, ACCOUNTS), SYNC_CONCURRENCY, async (a) => {
  const credentials = a.platform === 'GOOGLE_ADS' ? { refreshToken: a.credentials[0] } : { accessToken: a.credentials[0] };
  const client = clientFor(a.platform, a.id, credentials, platforms);
  await client.costs(dates.from, dates.today);
  await client.listCampaigns();
});
const reference = performance.now() - started;

const syncAll = async (full: boolean) => {
  const t0 = performance.now();
  const errors: string[] = [];
  await inParallel(bulk, SYNC_CONCURRENCY, async (id) => {
    const r = await syncAccount(prisma, id, { ...options, full });
    if (r.error) errors.push(r.error);
  });
  if (errors.length) throw new Error(`${errors.length} syncs failed; the first: ${errors[0]}`);
  return performance.now() - t0;
};
const first = await syncAll(true);
const entries = (await sql.query<{ n: number }>(`select count(*)::int as n from spends`)).rows[0]!.n;
const again = await syncAll(false);
const after = (await sql.query<{ n: number }>(`select count(*)::int as n from spends`)).rows[0]!.n;
if (after !== entries) throw new Error(`the repeated sync wrote ${after - entries} entries; it must write none`);

// the loop, per platform: budget left = what is booked + 1.00; then 10 simulated minutes at 60.00/h
// spend 10.00, which uses it up; the sync that reads it pauses the campaign on the simulator
const loops: Record<string, number[]> = { GOOGLE_ADS: [], META: [] };
for (const a of accounts.slice(ACCOUNTS)) {
  const id = ids[accounts.indexOf(a)]!;
  const campaign = a.campaigns[0]!;
  const world = sim.world.accounts.get(a.id)!.campaigns.get(campaign.id)!;
  await syncAccount(prisma, id, options);
  for (let i = 0; i < LOOPS; i++) {
    await sql.query(
      `update brands b set daily_budget = coalesce((select sum(amount) from spends s where s.brand_id = b.id), 0) + 1000
        where id = (select brand_id from ad_accounts where id = $1)`,
      [id],
    );
    await sql.query(`update campaigns set status = 'ACTIVE', pause_reason = null where ad_account_id = $1`, [id]);
    await syncAccount(prisma, id, options); // enables it on the simulator
    if (!/ENABLED|ACTIVE/.test(world.status)) throw new Error(`loop ${i}: the campaign did not run again (${world.status})`);
    await fetch(`${sim.url}/_sim/accounts/${a.id}/campaigns/${campaign.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hourlyRate: '60.00', curve: Array(24).fill(1) }),
    });
    await fetch(`${sim.url}/_sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 600 }) });
    await fetch(`${sim.url}/_sim/accounts/${a.id}/campaigns/${campaign.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hourlyRate: '0' }),
    });
    const seen = sim.world.changes.length;
    const t0 = Date.now();
    const r = await syncAccount(prisma, id, options);
    const pause = sim.world.changes.slice(seen).find((c) => c.campaignId === campaign.id && c.to === 'PAUSED');
    if (!pause || r.error) throw new Error(`loop ${i}: no pause on the simulator (${r.error ?? 'no change'})`);
    loops[a.platform]!.push(pause.realAt - t0);
  }
}

const rows: (string | number)[][] = [['figure', 'measured', 'reference', 'target']];
rows.push([
  `first sync, ${ACCOUNTS} accounts × ${CAMPAIGNS} campaigns (7 days, ${entries} entries)`,
  ms(first),
  `${ms(reference)} for the platform calls alone (${(first / reference).toFixed(2)}×)`,
  first <= 10_000 ? '≤ 10 s: holds' : '≤ 10 s: MISSED',
]);
rows.push([`repeated sync (nothing written)`, ms(again), `${(again / reference).toFixed(2)}× the calls alone`, again <= 10_000 ? '≤ 10 s: holds' : '≤ 10 s: MISSED']);
for (const [platform, xs] of Object.entries(loops)) {
  const p99 = percentile(xs, 99);
  rows.push([
    `loop on ${platform}: sync start → pause on the simulator, p50 / p99 of ${xs.length}`,
    `${ms(percentile(xs, 50))} / ${ms(p99)}`,
    '',
    p99 <= 2_000 ? 'p99 ≤ 2 s: holds' : 'p99 ≤ 2 s: MISSED',
  ]);
}
await report('Ad platforms: sync and loop', 'npm run bench -- platforms', db.version, table(rows));

await sim.close();
await sql.end();
await closeDb();
await db.drop();
