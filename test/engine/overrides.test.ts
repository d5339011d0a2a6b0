// Emergency overrides at their edges: a campaign's and a brand's, lifting budgets or windows; the
// rules apply again exactly at `until` (the job queued for it, and the scheduled tasks as a safety
// net), across a brand-local midnight and a month start, at once when cancelled; spends still count
// and alerts still fire; MANUAL and archiving are never lifted; what start refuses, naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { SYSTEM, type Scope } from '../../src/domain/scope.ts';
import type { Task } from '../../src/domain/tasks.ts';
import { archiveCampaign, pauseCampaign, resumeCampaign } from '../../src/engine/campaigns.ts';
import { previewEnforcement, runEnforcement } from '../../src/engine/enforcement.ts';
import { cancelOverride, endOverride, startOverride, type StartOverrideInput } from '../../src/engine/overrides.ts';
import { nextChanges, pauseRules } from '../../src/reads/outlook.ts';
import { overridesInForce } from '../../src/reads/overrides.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => void (t = await freshDatabase()));
afterAll(() => t.drop());

const alice: Scope = { actor: 'alice', role: 'operator', brandIds: null };
const Z = (iso: string) => new Date(`${iso}Z`);
const start = (input: Partial<StartOverrideInput>, at: Date, scope: Scope = alice) =>
  db().$transaction((tx) => startOverride(tx, { lifts: ['DAILY_BUDGET'], reason: 'launch day', until: at, ...input }, scope, at));
const cancel = (id: string, at: Date, scope: Scope = alice) => db().$transaction((tx) => cancelOverride(tx, id, scope, at));
const end = (id: string, at: Date) => db().$transaction((tx) => endOverride(tx, id, at));
const run = (task: Task, at: Date) => db().$transaction((tx) => runEnforcement(tx, task, at, SYSTEM));
const last = async (campaignId: string) => (await make.events(campaignId)).at(-1);

// Paris is UTC+1 in November and December. Wednesday 2 December 2026.
const NOON = Z('2026-12-02T11:00:00'); // 12:00 Paris
const SIX_PM = Z('2026-12-02T17:00:00'); // 18:00 Paris

describe('an override of a campaign', () => {
  it('lifts its daily budget until 18:00: it runs at once, spends count, alerts fire, and at 18:00 the budget applies again', async () => {
    const b = await make.brand({ timezone: 'Europe/Paris', dailyBudget: '10.00', alertThresholds: [80] }, NOON);
    const [c, other] = await make.campaigns(b.id, 2, NOON);
    await make.spend(c!.id, '10.00', NOON);
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET', 'PAUSED/DAILY_BUDGET']);

    const { override, statusChanges } = await start({ campaignId: c!.id, until: SIX_PM }, NOON);
    expect(override).toMatchObject({ brandId: b.id, campaignId: c!.id, lifts: ['DAILY_BUDGET'], reason: 'launch day', createdBy: 'alice' });
    expect(statusChanges).toEqual([expect.objectContaining({ campaignId: c!.id, toStatus: 'ACTIVE', toReason: null })]);
    expect(await last(c!.id)).toMatchObject({ trigger: 'OVERRIDE', actor: 'alice', fromReason: 'DAILY_BUDGET', toStatus: 'ACTIVE' });
    expect(await make.statuses(b.id)).toEqual(['ACTIVE', 'PAUSED/DAILY_BUDGET']); // the other campaign is not reached
    const rules = await pauseRules(db(), [c!.id, other!.id], NOON);
    expect(rules.get(c!.id)).toEqual({ reasons: [], lifted: ['DAILY_BUDGET'] });
    expect(rules.get(other!.id)).toEqual({ reasons: ['DAILY_BUDGET'], lifted: [] });
    // audited, with the override's terms
    const [entry] = await t.sql<{ actor: string; after: object }>(`select actor, after from audit_entries where target_id = $1`, [
      override.id,
    ]);
    expect(entry).toEqual({
      actor: 'alice',
      after: { campaignId: c!.id, lifts: ['DAILY_BUDGET'], until: SIX_PM.toISOString(), reason: 'launch day', cancelledAt: null },
    });

    // it keeps running past its budget; the spend counts, and the scheduled tasks leave it alone
    await make.spend(c!.id, '5.00', Z('2026-12-02T13:00:00'));
    // stored in thousandths of a major unit (src/domain/money.ts): 15.00 is 15000
    expect(await t.sql(`select amount::int from brand_daily_spends where brand_id = $1`, [b.id])).toEqual([{ amount: 15000 }]);
    for (const task of ['ENFORCE_BUDGETS', 'ENFORCE_DAYPARTING', 'RESET_DAILY', 'ALL'] as const) await run(task, Z('2026-12-02T16:59:59'));
    expect(await make.statuses(b.id)).toEqual(['ACTIVE', 'PAUSED/DAILY_BUDGET']);
    expect(await t.sql(`select threshold, spent::int from budget_alerts where brand_id = $1`, [b.id])).toEqual([
      { threshold: 80, spent: 10000 },
    ]);

    // the job queued for 18:00
    const [job] = await t.sql<{ run_at: Date; key: string }>(
      `select j.run_at, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
        where k.identifier = 'override_end' and j.key = $1`,
      [`override_end:${override.id}`],
    );
    expect(job!.run_at).toEqual(SIX_PM);
    // what is predicted: the next change is the override's end, exactly at 18:00
    expect((await nextChanges(db(), [c!.id], NOON)).get(c!.id)).toMatchObject({
      at: SIX_PM,
      reason: 'OVERRIDE_ENDS',
      toStatus: 'PAUSED',
      toReason: 'DAILY_BUDGET',
    });
    const preview = async (at: Date) =>
      (await db().$transaction((tx) => previewEnforcement(tx, 'ALL', at, SYSTEM))).changes.filter((x) => x.campaignId === c!.id);
    expect(await preview(Z('2026-12-02T16:59:59.999'))).toEqual([]);
    expect(await preview(SIX_PM)).toEqual([expect.objectContaining({ toReason: 'DAILY_BUDGET' })]);

    // a job that runs early (a worker whose clock is behind) ends it as of 18:00, not before
    const ended = await end(override.id, Z('2026-12-02T16:59:59.990'));
    expect(ended).toMatchObject({ paused: 1 });
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET', 'PAUSED/DAILY_BUDGET']);
    expect(await last(c!.id)).toMatchObject({ trigger: 'OVERRIDE_END', actor: 'system', toReason: 'DAILY_BUDGET', occurredAt: SIX_PM });
    expect(await end(override.id, SIX_PM)).toMatchObject({ paused: 0, resumed: 0, relabeled: 0 }); // a retry: nothing
    expect((await overridesInForce(db(), 'campaign', [c!.id], SIX_PM)).get(c!.id)).toBeUndefined();
  });

  it('while in force, spends count and every alert threshold still fires', async () => {
    const b = await make.brand({ timezone: 'Europe/Paris', dailyBudget: '10.00', alertThresholds: [80, 100] }, NOON);
    const c = await make.campaign(b.id, {}, NOON);
    await start({ campaignId: c.id, until: SIX_PM }, NOON);
    await make.spend(c.id, '9.00', Z('2026-12-02T12:00:00'));
    await make.spend(c.id, '2.00', Z('2026-12-02T13:00:00'));
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    expect(await t.sql(`select amount::int from brand_daily_spends where brand_id = $1`, [b.id])).toEqual([{ amount: 11000 }]);
    expect(await t.sql(`select threshold, spent::int, trigger::text from budget_alerts where brand_id = $1 order by id`, [b.id])).toEqual([
      { threshold: 80, spent: 9000, trigger: 'SPEND' },
      { threshold: 100, spent: 11000, trigger: 'SPEND' },
    ]);
  });

  it('ended by the scheduled tasks when no worker ran the job at its instant', async () => {
    const b = await make.brand({ timezone: 'Europe/Paris', dailyBudget: '10.00' }, NOON);
    const c = await make.campaign(b.id, {}, NOON);
    await make.spend(c.id, '10.00', NOON);
    await start({ campaignId: c.id, until: SIX_PM }, NOON);
    await run('ENFORCE_BUDGETS', Z('2026-12-02T17:05:00'));
    expect(await last(c.id)).toMatchObject({ trigger: 'ENFORCE_BUDGETS', toReason: 'DAILY_BUDGET' });
  });

  it('lifting windows: it runs outside them until `until`, and its windows apply again then', async () => {
    const b = await make.brand({ timezone: 'Europe/Paris' }, NOON);
    const c = await make.campaign(b.id, {}, NOON);
    await make.windows(c.id, [{ dayOfWeek: 'WEDNESDAY', startTime: '09:00', endTime: '14:00' }], NOON);
    const { override } = await start({ campaignId: c.id, lifts: ['DAYPARTING'], until: SIX_PM }, NOON);
    await run('ENFORCE_DAYPARTING', Z('2026-12-02T13:00:00')); // 14:00: the window closes
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    expect((await pauseRules(db(), [c.id], Z('2026-12-02T13:00:00'))).get(c.id)).toEqual({ reasons: [], lifted: ['DAYPARTING'] });
    await end(override.id, SIX_PM);
    expect(await last(c.id)).toMatchObject({ trigger: 'OVERRIDE_END', toReason: 'DAYPARTING', occurredAt: SIX_PM });
  });

  it('lifting the daily budget only: outside its window it pauses for DAYPARTING; at `until` the budget, the stronger rule, takes over', async () => {
    const b = await make.brand({ timezone: 'Europe/Paris', dailyBudget: '10.00' }, NOON);
    const c = await make.campaign(b.id, {}, NOON);
    await make.windows(c.id, [{ dayOfWeek: 'WEDNESDAY', startTime: '09:00', endTime: '14:00' }], NOON);
    await make.spend(c.id, '10.00', NOON);
    const { override } = await start({ campaignId: c.id, until: SIX_PM }, NOON);
    await run('ENFORCE_DAYPARTING', Z('2026-12-02T13:00:00'));
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAYPARTING']);
    await end(override.id, SIX_PM);
    expect(await last(c.id)).toMatchObject({ trigger: 'OVERRIDE_END', fromReason: 'DAYPARTING', toReason: 'DAILY_BUDGET' });
  });

  it('across midnight: the new day resets the budget, so its end at 01:00 changes nothing', async () => {
    const evening = Z('2026-12-02T22:00:00'); // 23:00 Paris
    const b = await make.brand({ timezone: 'Europe/Paris', dailyBudget: '10.00' }, evening);
    const c = await make.campaign(b.id, {}, evening);
    await make.spend(c.id, '10.00', evening);
    const { override } = await start({ campaignId: c.id, until: Z('2026-12-03T00:00:00') }, evening); // 01:00 Paris
    for (const task of ['RESET_DAILY', 'ENFORCE_BUDGETS'] as const) await run(task, Z('2026-12-02T23:00:00')); // midnight
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    expect((await nextChanges(db(), [c.id], Z('2026-12-02T23:00:00'))).get(c.id)).toBeUndefined();
    expect(await end(override.id, Z('2026-12-03T00:00:00'))).toMatchObject({ paused: 0, resumed: 0 });
    expect(await last(c.id)).toMatchObject({ trigger: 'OVERRIDE' });
  });
});

describe('an override of a brand', () => {
  it('reaches every campaign but an operator’s pause and an archived one; resuming one of those lets it run too', async () => {
    const b = await make.brand({ timezone: 'Europe/Paris', monthlyBudget: '100.00' }, NOON);
    const [a, held, archived, later] = await make.campaigns(b.id, 4, NOON);
    await make.spend(a!.id, '100.00', NOON);
    await db().$transaction((tx) => pauseCampaign(tx, held!.id, alice, NOON));
    await db().$transaction((tx) => archiveCampaign(tx, archived!.id, alice, NOON));
    const { override, statusChanges } = await start({ brandId: b.id, lifts: ['MONTHLY_BUDGET'], until: SIX_PM }, NOON);
    expect(statusChanges.map((x) => x.campaignId).sort()).toEqual([a!.id, later!.id].sort());
    expect(await make.statuses(b.id)).toEqual(['ACTIVE', 'PAUSED/MANUAL', 'PAUSED/MANUAL', 'ACTIVE']);
    expect((await pauseRules(db(), [held!.id], NOON)).get(held!.id)).toEqual({ reasons: ['MANUAL'], lifted: ['MONTHLY_BUDGET'] });
    await db().$transaction((tx) => resumeCampaign(tx, held!.id, alice, NOON));
    expect(await make.statuses(b.id)).toEqual(['ACTIVE', 'ACTIVE', 'PAUSED/MANUAL', 'ACTIVE']);
    // a campaign made while it is in force runs too
    const fresh = await make.campaign(b.id, { name: 'Made later' }, NOON);
    expect(fresh).toMatchObject({ status: 'ACTIVE' });
    expect((await overridesInForce(db(), 'brand', [b.id], NOON)).get(b.id)?.map((o) => o.id)).toEqual([override.id]);
    expect((await overridesInForce(db(), 'campaign', [fresh.id], NOON)).get(fresh.id)?.map((o) => o.id)).toEqual([override.id]);
    // an archived campaign cannot have one of its own
    await expect(start({ campaignId: archived!.id, until: SIX_PM }, NOON)).rejects.toMatchObject({ code: 'ARCHIVED', field: 'campaignId' });
  });

  it('cancelled mid-way: the rules apply at once, audited before and after; the job then finds nothing to do; a second cancel changes nothing', async () => {
    const b = await make.brand({ timezone: 'Europe/Paris', dailyBudget: '10.00' }, NOON);
    const [x, y] = await make.campaigns(b.id, 2, NOON);
    await make.spend(x!.id, '10.00', NOON);
    const { override } = await start({ brandId: b.id, until: SIX_PM }, NOON);
    const campaignOwn = await start({ campaignId: y!.id, until: Z('2026-12-02T20:00:00') }, NOON);
    expect(await make.statuses(b.id)).toEqual(['ACTIVE', 'ACTIVE']);
    const at = Z('2026-12-02T14:00:00');
    const { override: cancelled, statusChanges } = await cancel(override.id, at);
    expect(cancelled).toMatchObject({ cancelledAt: at, cancelledBy: 'alice' });
    // y keeps its own override; x pauses at once
    expect(statusChanges).toEqual([expect.objectContaining({ campaignId: x!.id, toReason: 'DAILY_BUDGET' })]);
    expect(await last(x!.id)).toMatchObject({ trigger: 'OVERRIDE', actor: 'alice', occurredAt: at });
    const [entry] = await t.sql<{ before: { cancelledAt: unknown }; after: { cancelledAt: unknown } }>(
      `select before, after from audit_entries where target_id = $1 and action = 'override.cancel'`,
      [override.id],
    );
    expect(entry).toMatchObject({ before: { cancelledAt: null }, after: { cancelledAt: at.toISOString() } });
    expect(await end(override.id, SIX_PM)).toBeNull();
    expect(await cancel(override.id, Z('2026-12-02T15:00:00'))).toMatchObject({ override: { cancelledAt: at }, statusChanges: [] });
    expect(await t.sql(`select 1 from audit_entries where target_id = $1`, [override.id])).toHaveLength(2);
    await end(campaignOwn.override.id, Z('2026-12-02T20:00:00'));
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET', 'PAUSED/DAILY_BUDGET']);
  });

  it('until the end of the brand’s month at most: the month start ends it, and the new month has room, so nothing flaps', async () => {
    const at = Z('2026-11-30T12:00:00');
    const monthEnd = Z('2026-11-30T23:00:00'); // 1 December 00:00 Paris
    const b = await make.brand({ timezone: 'Europe/Paris', monthlyBudget: '10.00' }, at);
    const c = await make.campaign(b.id, {}, at);
    await make.spend(c.id, '10.00', at);
    await expect(start({ brandId: b.id, lifts: ['MONTHLY_BUDGET'], until: new Date(monthEnd.getTime() + 1) }, at)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'until',
      message: expect.stringContaining('2026-11-30T23:00:00.000Z (midnight Europe/Paris)'),
    });
    const { override } = await start({ brandId: b.id, lifts: ['MONTHLY_BUDGET'], until: monthEnd }, at);
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    for (const task of ['RESET_MONTHLY', 'ENFORCE_BUDGETS'] as const) await run(task, monthEnd);
    expect(await end(override.id, monthEnd)).toMatchObject({ paused: 0 });
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    expect((await make.events(c.id)).map((e) => e.trigger)).toEqual(['CREATE', 'SPEND', 'OVERRIDE']);
  });
});

describe('refusals', () => {
  it('names the field: campaign and brand both or neither, MANUAL, no reason, a past until; FORBIDDEN outside a key’s brands', async () => {
    const b = await make.brand({}, NOON);
    const c = await make.campaign(b.id, {}, NOON);
    const cases: [Partial<StartOverrideInput>, string, string][] = [
      [{ campaignId: c.id, brandId: b.id, until: SIX_PM }, 'INVALID_ARGUMENT', 'campaignId'],
      [{ until: SIX_PM }, 'INVALID_ARGUMENT', 'campaignId'],
      [{ brandId: b.id, lifts: ['MANUAL'], until: SIX_PM }, 'INVALID_ARGUMENT', 'lifts[0]'],
      [{ brandId: b.id, lifts: [], until: SIX_PM }, 'INVALID_ARGUMENT', 'lifts'],
      [{ brandId: b.id, reason: '  ', until: SIX_PM }, 'INVALID_ARGUMENT', 'reason'],
      [{ brandId: b.id, until: NOON }, 'INVALID_ARGUMENT', 'until'],
      [{ brandId: b.id, until: new Date('nonsense') }, 'INVALID_ARGUMENT', 'until'],
      [{ brandId: '00000000-0000-4000-8000-000000000000', until: SIX_PM }, 'NOT_FOUND', 'brandId'],
    ];
    for (const [input, code, field] of cases) {
      await expect(start(input, NOON), JSON.stringify(input)).rejects.toMatchObject({ code, field });
    }
    const elsewhere: Scope = { actor: 'limited', role: 'operator', brandIds: ['00000000-0000-4000-8000-000000000001'] };
    await expect(start({ campaignId: c.id, until: SIX_PM }, NOON, elsewhere)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      field: 'campaignId',
    });
    const { override } = await start({ brandId: b.id, until: SIX_PM }, NOON);
    await expect(cancel(override.id, NOON, elsewhere)).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'id' });
    await expect(cancel('00000000-0000-4000-8000-000000000000', NOON)).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await t.sql(`select 1 from overrides where brand_id = $1`, [b.id])).toHaveLength(1);
  });
});
