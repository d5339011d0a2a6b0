// The desired state and dayparting, the tasks and their scopes, Deletion and archive rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { deleteBrand, updateBrand } from '../../src/engine/brands.ts';
import { archiveCampaign, deleteCampaign, pauseCampaign, resumeCampaign, unarchiveCampaign } from '../../src/engine/campaigns.ts';
import { previewEnforcement, runEnforcement } from '../../src/engine/enforcement.ts';
import { summarize } from '../../src/engine/reconcile.ts';
import { SYSTEM, type Scope } from '../../src/domain/scope.ts';
import { TASKS, type Task } from '../../src/domain/tasks.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

const op: Scope = { actor: 'operator-key', role: 'operator', brandIds: null };
/** A task over every brand; the summary counts only this file's brand under test (the database is shared by the file). */
let scope: string | null = null;
const run = async (task: Task, at: Date) => {
  const result = await db().$transaction((tx) => runEnforcement(tx, task, at, SYSTEM));
  return summarize(
    result.checked,
    result.changes.filter((c) => scope === null || c.brandId === scope),
  );
};
const focus = <T extends { id: string }>(b: T) => {
  scope = b.id;
  return b;
};
const tx = <T>(fn: (tx: Parameters<Parameters<ReturnType<typeof db>['$transaction']>[0]>[0]) => Promise<T>) => db().$transaction(fn);

describe('dayparting windows', () => {
  // 2026-11-29 is a Sunday; 2026-11-30 a Monday.
  it.each([
    ['2026-11-29T21:59:00Z', 'PAUSED/DAYPARTING'],
    ['2026-11-29T22:00:00Z', 'ACTIVE'],
    ['2026-11-30T01:59:59Z', 'ACTIVE'],
    ['2026-11-30T02:00:00Z', 'PAUSED/DAYPARTING'],
  ])('SUNDAY 22:00–02:00 runs across the week boundary: at %s → %s', async (instant, expected) => {
    const at = new Date(instant);
    const b = await make.brand({}, at);
    const c = await make.campaign(b.id, {}, at);
    await make.windows(c.id, [{ dayOfWeek: 'SUNDAY', startTime: '22:00', endTime: '02:00' }], at);
    expect(await make.statuses(b.id)).toEqual([expected]);
  });

  it('start = end covers 24 wall-clock hours, 25 across the autumn DST change', async () => {
    // Europe/Paris, Saturday 2026-10-24 10:00 CEST to Sunday 10:00 CET (25 hours)
    const window = [{ dayOfWeek: 'SATURDAY', startTime: '10:00', endTime: '10:00' }];
    const expectAt = async (instant: string, expected: string) => {
      const at = new Date(instant);
      const b = await make.brand({ timezone: 'Europe/Paris' }, at);
      const c = await make.campaign(b.id, {}, at);
      await make.windows(c.id, window, at);
      expect(await make.statuses(b.id), instant).toEqual([expected]);
    };
    await expectAt('2026-10-24T07:59:00Z', 'PAUSED/DAYPARTING'); // 09:59 CEST
    await expectAt('2026-10-24T08:00:00Z', 'ACTIVE'); // 10:00 CEST
    await expectAt('2026-10-25T08:59:00Z', 'ACTIVE'); // 09:59 CET, 25 hours in
    await expectAt('2026-10-25T09:00:00Z', 'PAUSED/DAYPARTING'); // 10:00 CET
  });

  it('a window in the spring-forward gap is simply not covered', async () => {
    // Europe/Paris 2026-03-29: 02:00–03:00 does not exist
    const at = new Date('2026-03-29T01:30:00Z'); // 03:30 CEST
    const b = await make.brand({ timezone: 'Europe/Paris' }, at);
    const c = await make.campaign(b.id, {}, at);
    await make.windows(c.id, [{ dayOfWeek: 'SUNDAY', startTime: '02:00', endTime: '03:00' }], at);
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAYPARTING']);
  });

  it('inactive windows do not count; a campaign with no active windows runs at any time', async () => {
    const at = new Date('2026-11-26T12:00:00Z'); // Thursday
    const b = await make.brand({}, at);
    const c = await make.campaign(b.id, {}, at);
    const { statusChanges } = await make.windows(
      c.id,
      [{ dayOfWeek: 'MONDAY', startTime: '09:00', endTime: '17:00', isActive: false }],
      at,
    );
    expect(statusChanges).toEqual([]);
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
  });

  it('refuses 24:00 and malformed times, naming the field, writing nothing', async () => {
    const b = await make.brand();
    const c = await make.campaign(b.id);
    for (const [w, field] of [
      [{ dayOfWeek: 'MONDAY', startTime: '24:00', endTime: '02:00' }, 'windows[0].startTime'],
      [{ dayOfWeek: 'MONDAY', startTime: '09:00', endTime: '9:00' }, 'windows[0].endTime'],
      [{ dayOfWeek: 'MONDAY', startTime: '09:00:30', endTime: '10:00' }, 'windows[0].startTime'],
      [{ dayOfWeek: 'FUNDAY', startTime: '09:00', endTime: '10:00' }, 'windows[0].dayOfWeek'],
    ] as const) {
      await expect(make.windows(c.id, [w])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field });
    }
    expect(await t.sql(`select 1 from schedules where campaign_id = $1`, [c.id])).toEqual([]);
  });
});

describe('the tasks', () => {
  it('reset_daily resumes a brand paused for the day once its local midnight passes, and moves it to DAYPARTING outside its windows', async () => {
    const day = new Date('2026-11-26T20:00:00Z'); // Thursday
    const b = focus(await make.brand({ dailyBudget: '10.00', timezone: 'Europe/Paris' }, day));
    const [inside, outside] = await make.campaigns(b.id, 2, day);
    await make.windows(outside!.id, [{ dayOfWeek: 'FRIDAY', startTime: '09:00', endTime: '17:00' }], day);
    await make.windows(inside!.id, [{ dayOfWeek: 'FRIDAY', startTime: '00:00', endTime: '00:00' }], day);
    await make.spend(inside!.id, '10.00', day);
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET', 'PAUSED/DAILY_BUDGET']);
    // 22:59 UTC is 23:59 in Paris: still the same day
    expect(await run('RESET_DAILY', new Date('2026-11-26T22:59:00Z'))).toMatchObject({ resumed: 0, relabeled: 0 });
    const midnight = new Date('2026-11-26T23:00:00Z');
    const summary = await run('RESET_DAILY', midnight);
    expect(summary).toMatchObject({ paused: 0, resumed: 1, relabeled: 1, byReason: [{ reason: 'DAYPARTING', count: 1 }] });
    expect(await make.statuses(b.id)).toEqual(['ACTIVE', 'PAUSED/DAYPARTING']);
    expect((await make.events(inside!.id)).at(-1)).toMatchObject({ trigger: 'RESET_DAILY', actor: 'system' });
    expect(await run('RESET_DAILY', midnight)).toMatchObject({ paused: 0, resumed: 0, relabeled: 0 }); // twice: nothing
  });

  it('reset_monthly resumes on the brand-local first of the month; reset_daily leaves MONTHLY_BUDGET alone', async () => {
    const at = new Date('2026-11-30T12:00:00Z');
    const b = focus(await make.brand({ monthlyBudget: '10.00', timezone: 'Asia/Tokyo' }, at));
    const [c] = await make.campaigns(b.id, 1, at);
    await make.spend(c!.id, '10.00', at);
    const newMonth = new Date('2026-11-30T15:00:00Z'); // 00:00 Dec 1 in Tokyo
    expect(await run('RESET_DAILY', newMonth)).toMatchObject({ resumed: 0 });
    expect(await run('RESET_MONTHLY', new Date('2026-11-30T14:59:00Z'))).toMatchObject({ resumed: 0 });
    expect(await run('RESET_MONTHLY', newMonth)).toMatchObject({ resumed: 1 });
  });

  it('enforce_dayparting leaves an over-budget active campaign to enforce_budgets (the safety net for spends written around the API)', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    const b = focus(await make.brand({ dailyBudget: '10.00' }, at));
    const [c] = await make.campaigns(b.id, 1, at);
    // a spend that reached the database another way: the trigger keeps the totals anyway
    await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at) values ($1, $2, 10000, $3)`, [b.id, c!.id, at]);
    expect(await run('ENFORCE_DAYPARTING', at)).toMatchObject({ paused: 0 });
    const summary = await run('ENFORCE_BUDGETS', at);
    expect(summary).toMatchObject({ paused: 1, byReason: [{ reason: 'DAILY_BUDGET', count: 1 }] });
    expect(summary.checked).toBeGreaterThanOrEqual(1);
    expect(await run('ENFORCE_BUDGETS', at)).toMatchObject({ paused: 0, resumed: 0, relabeled: 0 });
  });

  it('enforce_budgets never resumes and enforce_dayparting only acts on DAYPARTING', async () => {
    const at = new Date('2026-11-26T12:00:00Z'); // Thursday noon UTC
    const b = focus(await make.brand({}, at));
    const c = await make.campaign(b.id, {}, at);
    await make.windows(c.id, [{ dayOfWeek: 'THURSDAY', startTime: '09:00', endTime: '13:00' }], at);
    const later = new Date('2026-11-26T13:00:00Z');
    expect(await run('ENFORCE_BUDGETS', later)).toMatchObject({ paused: 0 });
    expect(await run('ENFORCE_DAYPARTING', later)).toMatchObject({ paused: 1, byReason: [{ reason: 'DAYPARTING', count: 1 }] });
    expect(await run('ENFORCE_DAYPARTING', new Date('2026-11-27T09:00:00Z'))).toMatchObject({ resumed: 0 }); // Friday: no window
    expect(await run('ENFORCE_DAYPARTING', new Date('2026-12-03T09:00:00Z'))).toMatchObject({ resumed: 1 }); // next Thursday
  });

  it('previewEnforcement answers what a run at that instant would change, and writes nothing', async () => {
    const at = new Date('2026-11-26T20:00:00Z');
    const b = await make.brand({ dailyBudget: '1.00', timezone: 'Europe/Paris' }, at);
    const [c] = await make.campaigns(b.id, 1, at);
    await make.spend(c!.id, '1.00', at);
    const before = await t.sql(`select count(*)::int as n from campaign_status_events`);
    const preview = await db().$transaction((tx) => previewEnforcement(tx, 'RESET_DAILY', new Date('2026-11-26T23:00:00Z'), SYSTEM));
    expect(preview.changes.filter((ch) => ch.campaignId === c!.id)).toEqual([
      expect.objectContaining({ fromStatus: 'PAUSED', fromReason: 'DAILY_BUDGET', toStatus: 'ACTIVE', toReason: null }),
    ]);
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET']);
    expect(await t.sql(`select count(*)::int as n from campaign_status_events`)).toEqual(before);
  });
});

describe('manual pause, resume, archive', () => {
  it('a manual pause is sticky: no task and no spend resumes it', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    const b = await make.brand({ dailyBudget: '5.00' }, at);
    const [c] = await make.campaigns(b.id, 1, at);
    await tx((x) => pauseCampaign(x, c!.id, op, at));
    await make.spend(c!.id, '5.00', at);
    await make.spend(c!.id, '-5.00', at);
    for (const { id } of TASKS) await run(id, new Date('2026-11-27T12:00:00Z'));
    expect(await make.statuses(b.id)).toEqual(['PAUSED/MANUAL']);
    const ev = await make.events(c!.id);
    expect(ev.map((e) => [e.trigger, e.toReason, e.actor])).toEqual([
      ['CREATE', null, 'test'],
      ['MANUAL', 'MANUAL', 'operator-key'],
    ]);
  });

  it('pausing a paused campaign succeeds and writes no event', async () => {
    const b = await make.brand();
    const [c] = await make.campaigns(b.id, 1);
    await tx((x) => pauseCampaign(x, c!.id, op, new Date()));
    await tx((x) => pauseCampaign(x, c!.id, op, new Date()));
    expect(await make.events(c!.id)).toHaveLength(2);
    expect(await t.sql(`select action from audit_entries where target_id = $1 and action = 'campaign.pause'`, [c!.id])).toHaveLength(1);
  });

  it('resume over budget succeeds and lands on PAUSED / DAILY_BUDGET, in one event', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    const b = await make.brand({ dailyBudget: '5.00' }, at);
    const [c] = await make.campaigns(b.id, 1, at);
    await tx((x) => pauseCampaign(x, c!.id, op, at));
    await make.spend(c!.id, '7.00', at);
    const resumed = await tx((x) => resumeCampaign(x, c!.id, op, at));
    expect(resumed).toMatchObject({ status: 'PAUSED', pauseReason: 'DAILY_BUDGET' });
    expect((await make.events(c!.id)).at(-1)).toMatchObject({ trigger: 'MANUAL', fromReason: 'MANUAL', toReason: 'DAILY_BUDGET' });
    await tx((x) => updateBrand(x, b.id, { dailyBudget: null }, op, at));
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    expect((await make.events(c!.id)).at(-1)).toMatchObject({ trigger: 'BUDGET_CHANGE', toStatus: 'ACTIVE' });
  });

  it('resume applies the desired state now: a campaign paused for yesterday’s budget resumes before reset_daily runs', async () => {
    const day = new Date('2026-11-26T12:00:00Z');
    const b = await make.brand({ dailyBudget: '5.00' }, day);
    const [c] = await make.campaigns(b.id, 1, day);
    await make.spend(c!.id, '5.00', day);
    const nextDay = new Date('2026-11-27T00:30:00Z');
    const resumed = await tx((x) => resumeCampaign(x, c!.id, op, nextDay));
    expect(resumed).toMatchObject({ status: 'ACTIVE', pauseReason: null });
    expect((await make.events(c!.id)).at(-1)).toMatchObject({ trigger: 'MANUAL', fromReason: 'DAILY_BUDGET', toStatus: 'ACTIVE' });
  });

  it('archived campaigns are frozen; resuming one is ARCHIVED; unarchiving leaves PAUSED / MANUAL', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    const b = focus(await make.brand({}, at));
    const [c] = await make.campaigns(b.id, 1, at);
    await tx((x) => archiveCampaign(x, c!.id, op, at));
    await expect(tx((x) => resumeCampaign(x, c!.id, op, at))).rejects.toMatchObject({ code: 'ARCHIVED' });
    expect(await run('ALL', at)).toMatchObject({ resumed: 0 });
    await tx((x) => unarchiveCampaign(x, c!.id, op, at));
    expect(await make.statuses(b.id)).toEqual(['PAUSED/MANUAL']);
    await tx((x) => resumeCampaign(x, c!.id, op, at));
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
  });
});

describe('deletion', () => {
  it('a campaign with spends is HAS_SPEND_HISTORY; without, it goes with its windows and keeps its events', async () => {
    const b = await make.brand();
    const [spent, idle] = await make.campaigns(b.id, 2);
    await make.spend(spent!.id, '1.00');
    await make.windows(idle!.id, [{ dayOfWeek: 'MONDAY', startTime: '09:00', endTime: '10:00' }]);
    await expect(tx((x) => deleteCampaign(x, spent!.id, op, new Date()))).rejects.toMatchObject({ code: 'HAS_SPEND_HISTORY' });
    await tx((x) => deleteCampaign(x, idle!.id, op, new Date()));
    expect(await t.sql(`select 1 from schedules where campaign_id = $1`, [idle!.id])).toEqual([]);
    const kept = await t.sql<{ campaign_id: string | null; campaign_name: string }>(
      `select campaign_id, campaign_name from campaign_status_events where campaign_name = $1`,
      [idle!.name],
    );
    expect(kept).toEqual([
      { campaign_id: null, campaign_name: idle!.name }, // CREATE
      { campaign_id: null, campaign_name: idle!.name }, // SCHEDULE_CHANGE: outside its Monday window
    ]);
  });

  it('a brand with spends cannot be deleted; one without goes with its campaigns', async () => {
    const spent = await make.brand();
    await make.spend((await make.campaign(spent.id)).id, '1.00');
    await expect(tx((x) => deleteBrand(x, spent.id, op, new Date()))).rejects.toMatchObject({ code: 'HAS_SPEND_HISTORY' });
    const idle = await make.brand();
    await make.campaigns(idle.id, 2);
    await tx((x) => deleteBrand(x, idle.id, op, new Date()));
    expect(await t.sql(`select 1 from campaigns where brand_id = $1`, [idle.id])).toEqual([]);
    expect(await t.sql(`select action from audit_entries where target_id = $1 order by id`, [idle.id])).toEqual([
      { action: 'brand.create' },
      { action: 'brand.delete' },
    ]);
  });

  it('the currency is fixed at creation', async () => {
    const b = await make.brand({ currency: 'EUR' });
    await expect(tx((x) => updateBrand(x, b.id, { currency: 'USD' }, op, new Date()))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'currency',
    });
  });
});
