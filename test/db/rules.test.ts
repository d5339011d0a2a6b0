// The pause rules have one SQL definition, pause_rules (prisma/functions/40_rules.sql): its reasons come
// in the pause_reason enum's order (the precedence), one for every value; the reconcile acts on
// the first and campaign_pause_rules lists them; and the planner inlines it, with the totals and
// time functions under it, so the reconcile's statement is planned as if written out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../helpers/db.ts';

let t: TestDb;
beforeAll(async () => void (t = await freshDatabase()));
afterAll(() => t.drop());

// Monday 2026-11-30, 12:00 UTC
const AT = '2026-11-30T12:00:00Z';

/** A campaign of a brand whose budgets (0) are used up, paused by an operator, outside its one window. */
async function everyRuleHolds(): Promise<{ brandId: string; campaignId: string }> {
  const [b] = await t.sql<{ id: string }>(
    `insert into brands (name, daily_budget, monthly_budget) values ('All rules ' || gen_random_uuid(), 0, 0) returning id`,
  );
  const [c] = await t.sql<{ id: string }>(
    `insert into campaigns (brand_id, name, status, pause_reason) values ($1, 'held', 'PAUSED', 'MANUAL') returning id`,
    [b!.id],
  );
  await t.sql(
    `insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time) values ($1, $2, 'MONDAY', '00:00', '01:00')`,
    [b!.id, c!.id],
  );
  return { brandId: b!.id, campaignId: c!.id };
}

describe('pause_rules', () => {
  it('lists every reason of the enum, in its order, when every rule holds', async () => {
    const { campaignId } = await everyRuleHolds();
    const [row] = await t.sql<{ reasons: string[]; precedence: string[] }>(
      `select r.reasons::text[] as reasons, enum_range(null::pause_reason)::text[] as precedence
         from campaign_pause_rules($1::timestamptz, array[$2::uuid]) r`,
      [AT, campaignId],
    );
    expect(row!.reasons).toEqual(row!.precedence);
    expect(row!.reasons).toEqual(['MANUAL', 'MONTHLY_BUDGET', 'DAILY_BUDGET', 'DAYPARTING']);
  });

  it('the reconcile acts on the first; a resume in the same call lifts MANUAL alone', async () => {
    const { brandId, campaignId } = await everyRuleHolds();
    const reconcile = (resume: string[]) =>
      t.sql<{ to_reason: string | null }>(
        `select to_reason::text from reconcile_campaigns($1::timestamptz, array[$2::uuid], null, '{}', $3::uuid[], '{}', null, null,
                                                         'RECONCILE', 'test', true) where campaign_id is not null`,
        [AT, brandId, resume],
      );
    expect(await reconcile([])).toEqual([]); // MANUAL already
    expect(await reconcile([campaignId])).toEqual([{ to_reason: 'MONTHLY_BUDGET' }]);
  });

  it('is inlined: no function is called per row or scanned as a set', async () => {
    const { brandId, campaignId } = await everyRuleHolds();
    for (const [statement, values] of [
      [`select * from pause_rules($1::timestamptz, array[$2::uuid], null, '{}', '{}')`, [AT, brandId]],
      [`select * from campaign_pause_rules($1::timestamptz, array[$2::uuid])`, [AT, campaignId]],
    ] as const) {
      const plan = (await t.sql<{ 'QUERY PLAN': string }>(`explain (verbose, costs off) ${statement}`, [...values]))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan, statement).not.toMatch(/Function Scan|pause_rules|brand_spend_totals|window_covers|local_clock|iso_day/);
    }
  });
});
