// The SQL reconcile engine against the pure reference of the desired state and the tasks' scopes (src/domain): random brands,
// timezones (DST, half-hour and 45-minute offsets, a timezone change after the spends), currencies
// with 0, 2 and 3 decimals (JPY, USD, KWD: budgets and spends in whole minor units), budgets
// (none, zero, small), spends over the last weeks (DAILY and MONTHLY ones), windows (overnight, full-day, inactive), current
// states and tasks, overrides (a campaign's or brand-wide, lifting any of the three rules, starting,
// ending and cancelled before, at or after the instant), at random instants around DST changes and
// month ends. Both must agree on every campaign's desired state and on which changes each task
// applies; and pauseReasons and liftedReasons (campaign_pause_rules) on every rule that holds.
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { formatMoney, parseMoney, unitOf } from '../../src/domain/money.ts';
import {
  desiredReason,
  periodSpend,
  PRECEDENCE,
  ruleFacts,
  rulesThatHold,
  SPEND_TYPE_LIST,
  type PauseReason,
} from '../../src/domain/desiredState.ts';
import { LIFTABLE, liftedFor, type OverrideFacts } from '../../src/domain/overrides.ts';
import { admits, TASKS as TASK_TABLE, type Task } from '../../src/domain/tasks.ts';
import { DAYS, formatLocalTime, localClock } from '../../src/domain/time.ts';
import { pauseRules } from '../../src/reads/outlook.ts';
import { reconcile } from '../../src/engine/reconcile.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);

let t: TestDb;
let client: pg.Client;
beforeAll(async () => {
  t = await freshDatabase();
  client = new pg.Client({ connectionString: t.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await t.drop();
});

const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Asia/Tokyo',
  'America/Los_Angeles',
  'Pacific/Kiritimati',
];
// Instants near the year's DST changes and month ends, where periods and windows turn.
const PIVOTS = [
  '2026-03-08T07:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-04-05T16:00:00Z',
  '2026-10-04T16:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-11-30T23:00:00Z',
  '2026-12-31T12:00:00Z',
  '2026-02-28T12:00:00Z',
].map((s) => Date.parse(s));
const REASONS: (PauseReason | null)[] = [null, ...PRECEDENCE];
const TASKS: Task[] = TASK_TABLE.map((t) => t.id);

// in minor units of the scenario's currency (cents, yen, fils)
const budget = fc.oneof(fc.constant(null), fc.constant(0n), fc.bigInt({ min: 1n, max: 6000n }));
const windowArb = fc.record({
  day: fc.integer({ min: 0, max: 6 }),
  start: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(0, 120, 150, 180, 1320)),
  end: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(0, 120, 180, 600)),
  active: fc.boolean(),
});
// seconds from the instant under test: often exactly at it or a second either side (the edges)
const near = fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -3 * 86_400, max: 3 * 86_400 }));
const overrideArb = fc.record({
  campaign: fc.option(fc.nat(), { nil: null }), // null: brand-wide
  lifts: fc.subarray([...LIFTABLE], { minLength: 1 }),
  created: near,
  until: near,
  cancelled: fc.option(near, { freq: 3 }),
});
const scenario = fc.record({
  currency: fc.constantFrom('JPY', 'USD', 'KWD'),
  recordZone: fc.constantFrom(...ZONES),
  zone: fc.constantFrom(...ZONES),
  at: fc.oneof(
    fc.tuple(fc.constantFrom(...PIVOTS), fc.integer({ min: -3 * 86_400, max: 3 * 86_400 })).map(([p, s]) => p + s * 1000),
    fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T23:59:59Z') }),
  ),
  dailyBudget: budget,
  monthlyBudget: budget.map((b) => (b === null ? null : b * 10n)),
  task: fc.constantFrom(...TASKS),
  // half the time, move the clock onto a window's start or end (± a second): edges are where bugs hide
  snap: fc.option(fc.record({ window: fc.nat(), end: fc.boolean(), jitter: fc.constantFrom(-1, 0, 1) }), { freq: 2 }),
  campaigns: fc.array(fc.record({ reason: fc.constantFrom(...REASONS), windows: fc.array(windowArb, { maxLength: 3 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
  spends: fc.array(
    fc.record({
      campaign: fc.nat(),
      amount: fc.bigInt({ min: -500n, max: 3000n }).filter((a) => a !== 0n),
      spendType: fc.constantFrom(...SPEND_TYPE_LIST),
      secondsBefore: fc.oneof(fc.integer({ min: -300, max: 3 * 86_400 }), fc.integer({ min: 0, max: 45 * 86_400 })),
    }),
    { maxLength: 6 },
  ),
  overrides: fc.array(overrideArb, { maxLength: 3 }),
});

it(`the SQL engine agrees with the reference on ${RUNS} random scenarios`, { timeout: 600_000 }, async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      const edges = s.campaigns.flatMap((c) => c.windows);
      if (s.snap && edges.length) {
        const w = edges[s.snap.window % edges.length]!;
        const target = (s.snap.end ? w.end : w.start) * 60 + s.snap.jitter;
        s.at += (target - localClock(new Date(s.at), s.zone).secondOfDay) * 1000;
      }
      const at = new Date(s.at);
      const clock = localClock(at, s.zone);
      // money in thousandths of a major unit (src/domain/money.ts), whole minor units of the currency
      const unit = unitOf(s.currency);
      const dailyBudget = s.dailyBudget === null ? null : s.dailyBudget * unit;
      const monthlyBudget = s.monthlyBudget === null ? null : s.monthlyBudget * unit;
      for (const b of [dailyBudget, monthlyBudget]) if (b !== null) expect(parseMoney(formatMoney(b, s.currency), 'b', s.currency)).toBe(b);
      // write the scenario straight into the tables (the engine under test must not build it)
      await client.query('begin');
      const {
        rows: [brand],
      } = await client.query(
        `insert into brands (name, timezone, currency, daily_budget, monthly_budget) values ($1, $2, $3, $4, $5) returning id`,
        [`p${++n}-${Math.random()}`, s.recordZone, s.currency, dailyBudget?.toString() ?? null, monthlyBudget?.toString() ?? null],
      );
      const { rows: campaigns } = await client.query<{ id: string }>(
        `insert into campaigns (brand_id, name, status, pause_reason)
         select $1, 'c' || i, case when r is null then 'ACTIVE' else 'PAUSED' end::campaign_status, r::pause_reason
           from unnest($2::text[]) with ordinality as x(r, i) order by i returning id`,
        [brand.id, s.campaigns.map((c) => c.reason)],
      );
      const windows = s.campaigns.flatMap((c, i) => c.windows.map((w) => ({ ...w, campaign: campaigns[i]!.id })));
      if (windows.length) {
        await client.query(
          `insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time, is_active)
           select $1, c, d::day_of_week, s::time, e::time, a from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[]) as x(c, d, s, e, a)`,
          [
            brand.id,
            windows.map((w) => w.campaign),
            windows.map((w) => DAYS[w.day]),
            windows.map((w) => formatLocalTime(w.start)),
            windows.map((w) => formatLocalTime(w.end)),
            windows.map((w) => w.active),
          ],
        );
      }
      const spends = s.spends.map((sp) => ({
        ...sp,
        amount: sp.amount * unit,
        campaign: campaigns[sp.campaign % campaigns.length]!.id,
        occurredAt: new Date(s.at - sp.secondsBefore * 1000),
      }));
      if (spends.length) {
        await client.query(
          `insert into spends (brand_id, campaign_id, amount, occurred_at, spend_type)
           select $1, c, a, o, t from unnest($2::uuid[], $3::bigint[], $4::timestamptz[], $5::spend_type[]) as x(c, a, o, t)`,
          [
            brand.id,
            spends.map((sp) => sp.campaign),
            spends.map((sp) => sp.amount.toString()),
            spends.map((sp) => sp.occurredAt),
            spends.map((sp) => sp.spendType),
          ],
        );
      }
      // overrides, their instants relative to the instant under test (as the table allows: ending after they start)
      const overrides: OverrideFacts[] = s.overrides.map((o) => {
        const createdAt = s.at + o.created * 1000;
        return {
          campaignId: o.campaign === null ? null : campaigns[o.campaign % campaigns.length]!.id,
          lifts: o.lifts,
          createdAt,
          until: Math.max(s.at + o.until * 1000, createdAt + 1000),
          cancelledAt: o.cancelled === null ? null : Math.max(s.at + o.cancelled * 1000, createdAt),
        };
      });
      if (overrides.length) {
        await client.query(
          `insert into overrides (brand_id, campaign_id, lifts, created_at, until, cancelled_at, cancelled_by, reason, created_by)
           select $1, c, l::pause_reason[], a, u, x, case when x is null then null else 'p' end, 'property', 'p'
             from unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[]) as o(c, l, a, u, x)`,
          [
            brand.id,
            overrides.map((o) => o.campaignId),
            overrides.map((o) => `{${o.lifts.join(',')}}`),
            overrides.map((o) => new Date(o.createdAt)),
            overrides.map((o) => new Date(o.until)),
            overrides.map((o) => (o.cancelledAt === null ? null : new Date(o.cancelledAt))),
          ],
        );
      }
      if (s.zone !== s.recordZone) await client.query(`update brands set timezone = $2 where id = $1`, [brand.id, s.zone]);
      await client.query('commit');

      // the reference: spend dates in the zone at recording, today and the month in the zone now
      const dated = spends.map((sp) => ({ ...sp, spendDate: localClock(sp.occurredAt, s.recordZone).date }));
      const { daily: dailySpend, monthly: monthlySpend } = periodSpend(dated, clock.date);
      const expected = s.campaigns.map((c, i) => {
        const facts = {
          manual: c.reason === 'MANUAL',
          dailyBudget,
          monthlyBudget,
          dailySpend,
          monthlySpend,
          windows: c.windows.filter((w) => w.active).map((w) => ({ dayOfWeek: DAYS[w.day]!, start: w.start, end: w.end })),
          clock,
          lifted: liftedFor(overrides, campaigns[i]!.id, s.at),
        };
        return { campaignId: campaigns[i]!.id, from: c.reason, to: desiredReason(facts), rules: rulesThatHold(ruleFacts(facts)) };
      });
      const all = await db().$transaction((tx) =>
        reconcile(tx, { task: 'ALL', trigger: 'RECONCILE', actor: 'p', at, brandIds: [brand.id], dryRun: true }),
      );
      const scoped = await db().$transaction((tx) =>
        reconcile(tx, { task: s.task, trigger: 'RECONCILE', actor: 'p', at, brandIds: [brand.id], dryRun: true }),
      );
      const sort = <T extends { campaignId: string }>(xs: T[]) => [...xs].sort((a, b) => a.campaignId.localeCompare(b.campaignId));
      const desiredBySql = new Map(all.changes.map((c) => [c.campaignId, c.toReason]));
      expect(
        sort(
          expected.map((e) => ({
            campaignId: e.campaignId,
            to: desiredBySql.has(e.campaignId) ? desiredBySql.get(e.campaignId)! : e.from,
          })),
        ),
        JSON.stringify({ s, clock, dailySpend, monthlySpend, overrides }, (_, v) => (typeof v === 'bigint' ? v.toString() : v)),
      ).toEqual(sort(expected.map((e) => ({ campaignId: e.campaignId, to: e.to }))));
      expect(all.checked).toBe(s.campaigns.length);
      // pauseReasons and liftedReasons (campaign_pause_rules): every rule that holds, applied or lifted, the winner first
      const rules = await pauseRules(
        db(),
        campaigns.map((c) => c.id),
        at,
      );
      expect(sort(expected.map((e) => ({ campaignId: e.campaignId, ...rules.get(e.campaignId) })))).toEqual(
        sort(expected.map((e) => ({ campaignId: e.campaignId, ...e.rules }))),
      );
      expect(expected.every((e) => e.to === (e.rules.reasons[0] ?? null))).toBe(true);
      expect(sort(scoped.changes.map((c) => ({ campaignId: c.campaignId, from: c.fromReason, to: c.toReason })))).toEqual(
        sort(
          expected
            .filter((e) => e.from !== e.to && admits(s.task, e.from, e.to))
            .map(({ campaignId, from, to }) => ({ campaignId, from, to })),
        ),
      );
    }),
    { numRuns: RUNS },
  );
});
