// Brand-limited keys, enforced where the rows are locked: every engine write takes a Scope and
// refuses a brand outside it (FORBIDDEN) before writing anything; an unknown id stays NOT_FOUND.
// Also: time is a parameter (updated_at is the instant the engine acted at), and one path writes
// states (create, pause, resume, archive write exactly one event each through the reconcile).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import type { Scope } from '../../src/domain/scope.ts';
import { updateBrand, deleteBrand } from '../../src/engine/brands.ts';
import { archiveCampaign, createCampaign, createCampaigns, pauseCampaign, resumeCampaign } from '../../src/engine/campaigns.ts';
import { previewEnforcement, runEnforcement } from '../../src/engine/enforcement.ts';
import { recordSpends } from '../../src/engine/ledger.ts';
import { createSchedule, setSchedules } from '../../src/engine/schedules.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

const AT = new Date('2026-11-25T12:00:00Z');
const tx = <T>(fn: (tx: Parameters<Parameters<ReturnType<typeof db>['$transaction']>[0]>[0]) => Promise<T>) => db().$transaction(fn);
const limitedTo = (brandId: string): Scope => ({ actor: 'acme-operator', role: 'operator', brandIds: [brandId] });

describe('a scope limited to some brands', () => {
  it('is refused every write on another brand, before anything is written', async () => {
    const mine = await make.brand({}, AT);
    const theirs = await make.brand({ dailyBudget: '10.00' }, AT);
    const [c] = await make.campaigns(theirs.id, 1, AT);
    const scope = limitedTo(mine.id);
    const before = await t.sql(`select (select count(*) from audit_entries) as a, (select count(*) from campaign_status_events) as e`);
    const attempts: (() => Promise<unknown>)[] = [
      () => tx((x) => updateBrand(x, theirs.id, { dailyBudget: '0' }, scope, AT)),
      () => tx((x) => deleteBrand(x, theirs.id, scope, AT)),
      () => tx((x) => createCampaign(x, { brandId: theirs.id, name: 'intruder' }, scope, AT)),
      () => tx((x) => pauseCampaign(x, c!.id, scope, AT)),
      () => tx((x) => resumeCampaign(x, c!.id, scope, AT)),
      () => tx((x) => archiveCampaign(x, c!.id, scope, AT)),
      () => tx((x) => setSchedules(x, c!.id, [], scope, AT)),
      () => tx((x) => createSchedule(x, { campaignId: c!.id, dayOfWeek: 'MONDAY', startTime: '09:00', endTime: '10:00' }, scope, AT)),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { items } = await tx((x) => recordSpends(x, [{ campaignId: c!.id, amount: '50.00' }], scope, AT));
    expect(items[0]!.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.sql(`select (select count(*) from audit_entries) as a, (select count(*) from campaign_status_events) as e`)).toEqual(
      before,
    );
    expect(await make.statuses(theirs.id)).toEqual(['ACTIVE']);
  });

  it('an unknown id is NOT_FOUND, whatever the scope', async () => {
    const mine = await make.brand({}, AT);
    await expect(tx((x) => pauseCampaign(x, '00000000-0000-4000-8000-000000000001', limitedTo(mine.id), AT))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('runs and previews enforcement on its own brands only', async () => {
    const mine = await make.brand({ dailyBudget: '5.00' }, AT);
    const theirs = await make.brand({ dailyBudget: '5.00' }, AT);
    const [a] = await make.campaigns(mine.id, 1, AT);
    const [b] = await make.campaigns(theirs.id, 1, AT);
    // spends around the API: both brands are over budget without having been paused
    await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at) values ($1, $2, 5000, $5), ($3, $4, 5000, $5)`, [
      mine.id,
      a!.id,
      theirs.id,
      b!.id,
      AT,
    ]);
    const preview = await tx((x) => previewEnforcement(x, 'ENFORCE_BUDGETS', AT, limitedTo(mine.id)));
    expect(preview.changes.map((ch) => ch.campaignId)).toEqual([a!.id]);
    const run = await tx((x) => runEnforcement(x, 'ENFORCE_BUDGETS', AT, limitedTo(mine.id)));
    expect(run.checked).toBe(1);
    expect(await make.statuses(mine.id)).toEqual(['PAUSED/DAILY_BUDGET']);
    expect(await make.statuses(theirs.id)).toEqual(['ACTIVE']);
  });
});

describe('one path writes states, at the instant given', () => {
  it('create, pause, resume and archive each write one event through the reconcile, and updated_at is the instant', async () => {
    const b = await make.brand({ dailyBudget: '0' }, AT); // a zero budget is used up: new campaigns start paused
    const op: Scope = { actor: 'op', role: 'operator', brandIds: null };
    const [c1, c2] = await tx((x) =>
      createCampaigns(
        x,
        [
          { brandId: b.id, name: 'one' },
          { brandId: b.id, name: 'two' },
        ],
        op,
        AT,
      ),
    );
    expect([c1!.pauseReason, c2!.pauseReason]).toEqual(['DAILY_BUDGET', 'DAILY_BUDGET']);
    const t1 = new Date('2026-11-25T13:00:00Z');
    await tx((x) => pauseCampaign(x, c1!.id, op, t1));
    await tx((x) => pauseCampaign(x, c1!.id, op, t1)); // already paused by an operator: nothing
    const t2 = new Date('2026-11-25T14:00:00Z');
    const resumed = await tx((x) => resumeCampaign(x, c1!.id, op, t2));
    expect(resumed).toMatchObject({ status: 'PAUSED', pauseReason: 'DAILY_BUDGET' }); // the budget still holds it
    const t3 = new Date('2026-11-25T15:00:00Z');
    await tx((x) => archiveCampaign(x, c2!.id, op, t3));
    const events = await t.sql<{ campaign: string; from: string | null; to: string | null; trigger: string; at: Date }>(
      `select campaign_id as campaign, from_reason::text as from, to_reason::text as to, trigger::text, occurred_at as at
         from campaign_status_events where brand_id = $1 order by id`,
      [b.id],
    );
    const described = events.map((e) => [e.campaign === c1!.id ? 'one' : 'two', e.from, e.to, e.trigger]);
    // one statement creates both: their CREATE events are in campaign id order
    expect(described.slice(0, 2).sort()).toEqual([
      ['one', null, 'DAILY_BUDGET', 'CREATE'],
      ['two', null, 'DAILY_BUDGET', 'CREATE'],
    ]);
    expect(described.slice(2)).toEqual([
      ['one', 'DAILY_BUDGET', 'MANUAL', 'MANUAL'],
      ['one', 'MANUAL', 'DAILY_BUDGET', 'MANUAL'],
      ['two', 'DAILY_BUDGET', 'MANUAL', 'MANUAL'],
    ]);
    const rows = await t.sql<{ name: string; updated_at: Date }>(
      `select name, updated_at from campaigns where brand_id = $1 order by name`,
      [b.id],
    );
    expect(rows.map((r) => r.updated_at.toISOString())).toEqual([t2.toISOString(), t3.toISOString()]);
    const t4 = new Date('2026-11-25T16:00:00Z');
    await tx((x) => updateBrand(x, b.id, { dailyBudget: '100.00' }, op, t4));
    const [brand] = await t.sql<{ updated_at: Date }>(`select updated_at from brands where id = $1`, [b.id]);
    expect(brand!.updated_at.toISOString()).toBe(t4.toISOString());
  });
});
