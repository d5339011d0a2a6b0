// The pause rules have one SQL definition, pause_rules (prisma/functions/40_rules.sql): its reasons come
// in the pause_reason enum's order (the precedence), one for every value; the reconcile acts on
// the first and campaign_pause_rules lists them; what an override in force lifts moves from
// `reasons` to `lifted`, never MANUAL; and the planner inlines it, with the totals, time and
// override functions under it, so the reconcile's statement is planned as if written out.
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

  it('an override in force lifts what it names, for its campaign or the whole brand, from its start until its end or cancellation', async () => {
    const { brandId, campaignId } = await everyRuleHolds();
    const rules = (at: string) =>
      t.sql<{ reasons: string[]; lifted: string[] }>(
        `select reasons::text[] as reasons, lifted::text[] as lifted from campaign_pause_rules($1::timestamptz, array[$2::uuid])`,
        [at, campaignId],
      );
    const override = (campaign: string | null, lifts: string, from: string, until: string, cancelled: string | null = null) =>
      t.sql(
        `insert into overrides (brand_id, campaign_id, lifts, created_at, until, cancelled_at, cancelled_by, reason, created_by)
         values ($1, $2, $3::pause_reason[], $4, $5, $6, case when $6::timestamptz is null then null else 'test' end, 'launch', 'test')`,
        [brandId, campaign, lifts, from, until, cancelled],
      );
    await override(campaignId, '{DAILY_BUDGET}', '2026-11-30T11:00:00Z', '2026-11-30T12:00:01Z');
    await override(null, '{DAYPARTING}', '2026-11-30T12:00:00Z', '2026-11-30T13:00:00Z');
    await override(null, '{MONTHLY_BUDGET}', '2026-11-30T10:00:00Z', '2026-11-30T14:00:00Z', '2026-11-30T12:00:00Z');
    expect(await rules(AT)).toEqual([{ reasons: ['MANUAL', 'MONTHLY_BUDGET'], lifted: ['DAILY_BUDGET', 'DAYPARTING'] }]);
    expect(await rules('2026-11-30T11:59:59Z')).toEqual([
      { reasons: ['MANUAL', 'DAYPARTING'], lifted: ['MONTHLY_BUDGET', 'DAILY_BUDGET'] },
    ]);
    expect(await rules('2026-11-30T12:00:01Z')).toEqual([
      { reasons: ['MANUAL', 'MONTHLY_BUDGET', 'DAILY_BUDGET'], lifted: ['DAYPARTING'] },
    ]);
    // another campaign of the brand: the brand-wide ones only
    const [other] = await t.sql<{ id: string }>(`insert into campaigns (brand_id, name) values ($1, 'other') returning id`, [brandId]);
    const [row] = await t.sql<{ reasons: string[]; lifted: string[] }>(
      `select reasons::text[] as reasons, lifted::text[] as lifted from campaign_pause_rules($1::timestamptz, array[$2::uuid])`,
      [AT, other!.id],
    );
    expect(row).toEqual({ reasons: ['MONTHLY_BUDGET', 'DAILY_BUDGET'], lifted: [] });
    // MANUAL is never lifted: the table refuses it
    await expect(override(null, '{MANUAL}', AT, '2026-11-30T13:00:00Z')).rejects.toThrow(/overrides_lifts/);
  });

  it("keeps campaigns.dayparting, the DAYPARTING rule's input, as its active windows change, whoever writes them", async () => {
    const { campaignId } = await everyRuleHolds(); // one window: MONDAY 00:00–01:00
    const dayparting = async () =>
      (await t.sql<{ d: string | null }>(`select dayparting::text as d from campaigns where id = $1`, [campaignId]))[0]!.d;
    expect(await dayparting()).toBe('{[0,3600)}');
    await t.sql(
      `insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time)
       select brand_id, id, 'SUNDAY', '23:00', '00:30' from campaigns where id = $1`,
      [campaignId],
    );
    expect(await dayparting()).toBe('{[0,3600),[601200,604800)}');
    await t.sql(`update schedules set is_active = false where campaign_id = $1 and day_of_week = 'MONDAY'`, [campaignId]);
    expect(await dayparting()).toBe('{[0,1800),[601200,604800)}');
    await t.sql(`update schedules set start_time = '22:00' where campaign_id = $1 and day_of_week = 'SUNDAY'`, [campaignId]);
    expect(await dayparting()).toBe('{[0,1800),[597600,604800)}');
    await t.sql(`delete from schedules where campaign_id = $1 and is_active`, [campaignId]);
    expect(await dayparting()).toBeNull(); // an inactive window only: no dayparting
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
      expect(plan, statement).not.toMatch(
        /Function Scan|pause_rules|holding_rules|brand_spend_totals|window_covers|local_clock|iso_day|override_span/,
      );
    }
  });
});
