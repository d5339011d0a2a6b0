// backtest: with the brand's own policy it reproduces the status events live enforcement recorded
// (spends, an operator's pause and resume, overrides started, ended and cancelled, and the
// scheduled tasks run at each boundary), the spend that fell inside paused time included; a proposed policy answers what it would have done;
// bad arguments are refused naming the field, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { SYSTEM } from '../../src/domain/scope.ts';
import type { Task } from '../../src/domain/tasks.ts';
import { pauseCampaign, resumeCampaign } from '../../src/engine/campaigns.ts';
import { runEnforcement } from '../../src/engine/enforcement.ts';
import { cancelOverride, endOverride, startOverride } from '../../src/engine/overrides.ts';
import type { TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const Z = (iso: string) => new Date(`${iso}Z`);
// The scheduled tasks, as a worker would run them at that instant.
const TASKS: Task[] = ['RESET_MONTHLY', 'RESET_DAILY', 'ENFORCE_DAYPARTING', 'ENFORCE_BUDGETS'];
async function jobs(at: Date) {
  for (const task of TASKS) await db().$transaction((tx) => runEnforcement(tx, task, at, SYSTEM));
}

const BACKTEST = `query ($brandId: ID!, $from: DateTime!, $to: DateTime!, $daily: Money, $monthly: Money, $windows: [ProposedWindows!]) {
  backtest(brandId: $brandId, from: $from, to: $to, dailyBudget: $daily, monthlyBudget: $monthly, windows: $windows) {
    dailyBudget monthlyBudget paused resumed recordedChanges spendWhilePaused recordedSpendWhilePaused
    changes { at campaignName fromStatus fromReason toStatus toReason trigger }
    campaigns { campaignName spendWhilePaused recordedSpendWhilePaused }
  }
}`;

interface Change {
  at: string;
  campaignName: string;
  fromStatus: string | null;
  fromReason: string | null;
  toStatus: string;
  toReason: string | null;
  trigger: string;
}
const line = (c: Change) => `${c.at} ${c.campaignName} ${c.fromStatus}/${c.fromReason} → ${c.toStatus}/${c.toReason} ${c.trigger}`;

/** The status events live enforcement recorded for a brand in [from, to), as the backtest answers changes. */
const recordedEvents = (brandId: string, from: Date, to: Date) =>
  t.sql<Change>(
    `select to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, e.campaign_name as "campaignName",
            e.from_status as "fromStatus", e.from_reason as "fromReason", e.to_status as "toStatus", e.to_reason as "toReason", e.trigger
       from campaign_status_events e where e.brand_id = $1 and e.occurred_at >= $2 and e.occurred_at < $3 order by e.id`,
    [brandId, from, to],
  );

describe('backtest', () => {
  // Paris is UTC+1 in November; the range is Tuesday 10 to Friday 13 November, Paris midnights.
  const FROM = Z('2026-11-09T23:00:00');
  const TO = Z('2026-11-12T23:00:00');
  let brandId: string;

  beforeAll(async () => {
    const setup = Z('2026-11-09T12:00:00'); // Monday 13:00 Paris
    const b = await make.brand({ name: 'Replay', timezone: 'Europe/Paris', dailyBudget: '100.00', monthlyBudget: '250.00' }, setup);
    brandId = b.id;
    const always = await make.campaign(b.id, { name: 'Always' }, setup);
    const office = await make.campaign(b.id, { name: 'Office hours' }, setup);
    const days = ['TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;
    await make.windows(
      office.id,
      days.map((dayOfWeek) => ({ dayOfWeek, startTime: '09:00', endTime: '18:00' })),
      setup,
    );

    // Live: spends, an operator, and the tasks run at every boundary (and at idle hours, where they change nothing).
    await jobs(Z('2026-11-09T23:00:00')); // Tue 00:00
    await jobs(Z('2026-11-10T08:00:00')); // Tue 09:00: Office hours opens
    await make.spend(always.id, '60.00', Z('2026-11-10T09:00:00'));
    await make.spend(office.id, '50.00', Z('2026-11-10T10:00:00')); // 110.00 ≥ 100.00: both DAILY_BUDGET
    await db().$transaction((tx) => pauseCampaign(tx, always.id, SYSTEM, Z('2026-11-10T11:00:00')));
    await jobs(Z('2026-11-10T14:00:00'));
    await jobs(Z('2026-11-10T17:00:00')); // Tue 18:00: closes, but the budget pause comes first
    await jobs(Z('2026-11-10T23:00:00')); // Wed 00:00: Office hours to DAYPARTING, Always stays MANUAL
    await jobs(Z('2026-11-11T08:00:00')); // Wed 09:00: opens
    await db().$transaction((tx) => resumeCampaign(tx, always.id, SYSTEM, Z('2026-11-11T09:00:00')));
    await make.spend(office.id, '100.00', Z('2026-11-11T10:00:00')); // 100.00 today: DAILY_BUDGET; 210.00 this month
    await jobs(Z('2026-11-11T17:00:00'));
    await jobs(Z('2026-11-11T23:00:00')); // Thu 00:00
    await jobs(Z('2026-11-12T08:00:00')); // Thu 09:00
    await make.spend(always.id, '40.00', Z('2026-11-12T09:00:00')); // 250.00: MONTHLY_BUDGET
    await make.spend(always.id, '5.00', Z('2026-11-12T11:00:00')); // reported while paused
    await jobs(Z('2026-11-12T17:00:00'));
  });

  it('with the brand’s own policy, reproduces the recorded events of the range', async () => {
    const res = await s.gql(BACKTEST, { brandId, from: FROM.toISOString(), to: TO.toISOString() });
    expect(res.errors).toBeUndefined();
    const recorded = await recordedEvents(brandId, FROM, TO);
    const replayed: Change[] = res.data.backtest.changes;
    expect(replayed.map(line)).toEqual(recorded.map(line));
    // (changes at one instant come in campaign id order, as the engine writes them; sorted here to read)
    expect(replayed.map(line).sort()).toEqual([
      '2026-11-10T08:00:00.000Z Office hours PAUSED/DAYPARTING → ACTIVE/null ENFORCE_DAYPARTING',
      '2026-11-10T10:00:00.000Z Always ACTIVE/null → PAUSED/DAILY_BUDGET SPEND',
      '2026-11-10T10:00:00.000Z Office hours ACTIVE/null → PAUSED/DAILY_BUDGET SPEND',
      '2026-11-10T11:00:00.000Z Always PAUSED/DAILY_BUDGET → PAUSED/MANUAL MANUAL',
      '2026-11-10T23:00:00.000Z Office hours PAUSED/DAILY_BUDGET → PAUSED/DAYPARTING RESET_DAILY',
      '2026-11-11T08:00:00.000Z Office hours PAUSED/DAYPARTING → ACTIVE/null ENFORCE_DAYPARTING',
      '2026-11-11T09:00:00.000Z Always PAUSED/MANUAL → ACTIVE/null MANUAL',
      '2026-11-11T10:00:00.000Z Always ACTIVE/null → PAUSED/DAILY_BUDGET SPEND',
      '2026-11-11T10:00:00.000Z Office hours ACTIVE/null → PAUSED/DAILY_BUDGET SPEND',
      '2026-11-11T23:00:00.000Z Always PAUSED/DAILY_BUDGET → ACTIVE/null RESET_DAILY',
      '2026-11-11T23:00:00.000Z Office hours PAUSED/DAILY_BUDGET → PAUSED/DAYPARTING RESET_DAILY',
      '2026-11-12T08:00:00.000Z Office hours PAUSED/DAYPARTING → ACTIVE/null ENFORCE_DAYPARTING',
      '2026-11-12T09:00:00.000Z Always ACTIVE/null → PAUSED/MONTHLY_BUDGET SPEND',
      '2026-11-12T09:00:00.000Z Office hours ACTIVE/null → PAUSED/MONTHLY_BUDGET SPEND',
    ]);
    expect(res.data.backtest).toMatchObject({
      dailyBudget: '100.00',
      monthlyBudget: '250.00',
      recordedChanges: 14,
      paused: 6,
      resumed: 5,
      spendWhilePaused: '5.00',
      recordedSpendWhilePaused: '5.00',
    });
  });

  it('a proposed policy: what it would have paused, and the spend inside paused time', async () => {
    const office = (await t.sql<{ id: string }>(`select id from campaigns where name = 'Office hours' and brand_id = $1`, [brandId]))[0]!;
    const res = await s.gql(BACKTEST, {
      brandId,
      from: FROM.toISOString(),
      to: TO.toISOString(),
      daily: '120.00',
      monthly: null,
      windows: [{ campaignId: office.id, windows: [] }],
    });
    expect(res.errors).toBeUndefined();
    // at `from`, Office hours leaves its window pause (it now has none); no day reaches 120.00 and
    // there is no monthly limit; Always is paused and resumed by its operator as recorded
    expect(res.data.backtest.changes.map(line)).toEqual([
      '2026-11-09T23:00:00.000Z Office hours PAUSED/DAYPARTING → ACTIVE/null RECONCILE',
      '2026-11-10T11:00:00.000Z Always ACTIVE/null → PAUSED/MANUAL MANUAL',
      '2026-11-11T09:00:00.000Z Always PAUSED/MANUAL → ACTIVE/null MANUAL',
    ]);
    expect(res.data.backtest).toMatchObject({
      dailyBudget: '120.00',
      monthlyBudget: null,
      spendWhilePaused: '0.00',
      recordedSpendWhilePaused: '5.00',
    });
    expect(res.data.backtest.campaigns).toEqual([
      { campaignName: 'Always', spendWhilePaused: '0.00', recordedSpendWhilePaused: '5.00' },
      { campaignName: 'Office hours', spendWhilePaused: '0.00', recordedSpendWhilePaused: '0.00' },
    ]);
  });

  it('refuses bad arguments naming them, writes nothing, and reads another key’s brand as unknown', async () => {
    const before = await t.sql(`select count(*)::int as n from campaign_status_events`);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ from: TO.toISOString(), to: FROM.toISOString() }, 'INVALID_ARGUMENT', 'to'],
      [{ to: '2027-03-01T00:00:00Z' }, 'INVALID_ARGUMENT', 'to'],
      [{ daily: '1.234' }, 'INVALID_MONEY', 'dailyBudget'],
      [{ monthly: '-1.00' }, 'INVALID_MONEY', 'monthlyBudget'],
      [{ windows: [{ campaignId: '00000000-0000-4000-8000-000000000000', windows: [] }] }, 'NOT_FOUND', 'windows[0].campaignId'],
      [
        { windows: [{ campaignId: brandId, windows: [{ dayOfWeek: 'MONDAY', startTime: '24:00', endTime: '10:00' }] }] },
        'INVALID_ARGUMENT',
        'windows[0].windows[0].startTime',
      ],
    ];
    for (const [vars, code, field] of cases) {
      const res = await s.gql(BACKTEST, { brandId, from: FROM.toISOString(), to: TO.toISOString(), ...vars });
      expect(res.errors?.[0]?.extensions, JSON.stringify(vars)).toMatchObject({ code, field });
    }
    expect(await t.sql(`select count(*)::int as n from campaign_status_events`)).toEqual(before);
    const unknown = await s.gql(BACKTEST, {
      brandId: '00000000-0000-4000-8000-000000000000',
      from: FROM.toISOString(),
      to: TO.toISOString(),
    });
    expect(unknown.data.backtest).toBeNull();
  });

  it('overrides recorded in the range are in force in the replay as they were: started, ended at `until`, cancelled', async () => {
    const setup = Z('2026-11-09T12:00:00');
    const b = await make.brand({ name: 'Replay overrides', timezone: 'Europe/Paris', dailyBudget: '10.00' }, setup);
    const [one, two] = [await make.campaign(b.id, { name: 'One' }, setup), await make.campaign(b.id, { name: 'Two' }, setup)];
    const start = (input: { campaignId?: string; brandId?: string }, at: Date, until: Date) =>
      db().$transaction((tx) => startOverride(tx, { ...input, lifts: ['DAILY_BUDGET'], until, reason: 'launch' }, SYSTEM, at));
    await jobs(Z('2026-11-09T23:00:00'));
    await make.spend(one.id, '10.00', Z('2026-11-10T09:00:00')); // both DAILY_BUDGET
    const own = await start({ campaignId: one.id }, Z('2026-11-10T10:00:00'), Z('2026-11-10T14:00:00'));
    await jobs(Z('2026-11-10T12:00:00')); // nothing: One runs on its override
    await db().$transaction((tx) => endOverride(tx, own.override.id, Z('2026-11-10T14:00:00')));
    await jobs(Z('2026-11-10T23:00:00')); // Wednesday: both resume
    await make.spend(two.id, '10.00', Z('2026-11-11T09:00:00'));
    const wide = await start({ brandId: b.id }, Z('2026-11-11T11:00:00'), Z('2026-11-11T17:00:00'));
    await db().$transaction((tx) => cancelOverride(tx, wide.override.id, SYSTEM, Z('2026-11-11T12:00:00')));
    await db().$transaction((tx) => endOverride(tx, wide.override.id, Z('2026-11-11T17:00:00'))); // cancelled: nothing
    await jobs(Z('2026-11-11T23:00:00'));

    const res = await s.gql(BACKTEST, { brandId: b.id, from: FROM.toISOString(), to: TO.toISOString() });
    expect(res.errors).toBeUndefined();
    const recorded = await recordedEvents(b.id, FROM, TO);
    const replayed: Change[] = res.data.backtest.changes;
    expect(replayed.map(line)).toEqual(recorded.map(line));
    expect(
      replayed
        .filter((c) => c.trigger.startsWith('OVERRIDE'))
        .map(line)
        .sort(),
    ).toEqual([
      '2026-11-10T10:00:00.000Z One PAUSED/DAILY_BUDGET → ACTIVE/null OVERRIDE',
      '2026-11-10T14:00:00.000Z One ACTIVE/null → PAUSED/DAILY_BUDGET OVERRIDE_END',
      '2026-11-11T11:00:00.000Z One PAUSED/DAILY_BUDGET → ACTIVE/null OVERRIDE',
      '2026-11-11T11:00:00.000Z Two PAUSED/DAILY_BUDGET → ACTIVE/null OVERRIDE',
      '2026-11-11T12:00:00.000Z One ACTIVE/null → PAUSED/DAILY_BUDGET OVERRIDE',
      '2026-11-11T12:00:00.000Z Two ACTIVE/null → PAUSED/DAILY_BUDGET OVERRIDE',
    ]);
  });

  it('around a change of daylight saving time, with windows past midnight and in the repeated hour, reproduces the recorded events', async () => {
    // New York, Sunday 1 November 2026: at 02:00 EDT the clocks go back to 01:00 EST, so 01:00–02:00 is read twice
    const [from, to] = [Z('2026-10-31T04:00:00'), Z('2026-11-02T05:00:00')]; // Saturday 00:00 EDT to Monday 00:00 EST
    const setup = Z('2026-10-30T12:00:00');
    const b = await make.brand({ name: 'Replay DST', timezone: 'America/New_York', dailyBudget: '50.00' }, setup);
    const night = await make.campaign(b.id, { name: 'Night' }, setup);
    const plain = await make.campaign(b.id, { name: 'Plain' }, setup);
    await make.windows(
      night.id,
      [
        { dayOfWeek: 'SATURDAY', startTime: '22:00', endTime: '01:30' },
        { dayOfWeek: 'SUNDAY', startTime: '01:15', endTime: '01:45' },
      ],
      setup,
    );
    // live: the tasks at every instant time can change a state (the engine's own boundaries), and two spends
    const boundaries = await t.sql<{ at: Date }>(
      `select distinct x.at from time_boundaries($1, $2, $3, array[$4, $4]::uuid[], '{SATURDAY,SUNDAY}', '{22:00,01:15}', '{01:30,01:45}') x
        where x.at < $3 order by 1`,
      [b.id, from, to, night.id],
    );
    const spends = [
      { campaignId: plain.id, amount: '30.00', at: Z('2026-10-31T16:00:00') },
      { campaignId: night.id, amount: '25.00', at: Z('2026-11-01T03:00:00') }, // Saturday 23:00 EDT: 55.00, both DAILY_BUDGET
    ];
    for (const at of [from, ...boundaries.map((r) => r.at), ...spends.map((s) => s.at)].sort((x, y) => x.getTime() - y.getTime())) {
      const spend = spends.find((s) => s.at.getTime() === at.getTime());
      if (spend) await make.spend(spend.campaignId, spend.amount, at);
      else await jobs(at);
    }

    const res = await s.gql(BACKTEST, { brandId: b.id, from: from.toISOString(), to: to.toISOString() });
    expect(res.errors).toBeUndefined();
    const replayed: Change[] = res.data.backtest.changes;
    expect(replayed.map(line)).toEqual((await recordedEvents(b.id, from, to)).map(line));
    // Night covered through the first 01:00–01:45, outside from 01:45 EDT, covered again when 01:00 comes back
    expect(replayed.filter((c) => c.campaignName === 'Night' && c.at >= '2026-11-01T04:00').map(line)).toEqual([
      '2026-11-01T04:00:00.000Z Night PAUSED/DAILY_BUDGET → ACTIVE/null RESET_DAILY',
      '2026-11-01T05:45:00.000Z Night ACTIVE/null → PAUSED/DAYPARTING ENFORCE_DAYPARTING',
      '2026-11-01T06:00:00.000Z Night PAUSED/DAYPARTING → ACTIVE/null ENFORCE_DAYPARTING',
      '2026-11-01T06:45:00.000Z Night ACTIVE/null → PAUSED/DAYPARTING ENFORCE_DAYPARTING',
    ]);
  });
});
