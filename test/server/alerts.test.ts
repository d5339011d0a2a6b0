// Threshold alerts: each threshold of a budget fires once per period, in the writer's transaction;
// a correction that takes the spend back below it arms it again; a new period starts armed. The
// budgetAlert subscription replays with afterAlertId and delivers live ones, in id order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/domain/money.ts';
import type { TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';
import { wsSubscribe } from '../helpers/ws.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

interface AlertRow {
  period: string;
  period_start: string;
  threshold: number;
  spent: string;
  budget: string;
  currency: string;
  trigger: string;
}

async function alertsOf(brandId: string): Promise<string[]> {
  const rows = await t.sql<AlertRow>(
    `select period, period_start::text, threshold, spent::text, budget::text, currency, trigger from budget_alerts where brand_id = $1 order by id`,
    [brandId],
  );
  // stored in thousandths of a major unit, with the brand's currency beside them
  const money = (amount: string, currency: string) => formatMoney(BigInt(amount), currency);
  return rows.map(
    (r) => `${r.period} ${r.period_start} ${r.threshold}% ${money(r.spent, r.currency)}/${money(r.budget, r.currency)} ${r.trigger}`,
  );
}

describe('threshold alerts', () => {
  it('fire once per period, are armed again by a correction below them, and start armed each day', async () => {
    const day1 = new Date('2026-11-10T09:00:00Z');
    const b = await make.brand({ dailyBudget: '100.00', monthlyBudget: '1000.00' }, day1);
    const c = await make.campaign(b.id, {}, day1);
    const at = (minutes: number, base = day1) => new Date(base.getTime() + minutes * 60_000);

    await make.spend(c.id, '79.99', at(1));
    expect(await alertsOf(b.id)).toEqual([]);
    await make.spend(c.id, '0.01', at(2)); // 80.00: exactly 80 %
    expect(await alertsOf(b.id)).toEqual(['DAILY 2026-11-10 80% 80.00/100.00 SPEND']);
    await make.spend(c.id, '10.00', at(3)); // 90 %: nothing new
    await make.spend(c.id, '6.00', at(4)); // 96 %: 95 fires, 80 does not again
    await make.spend(c.id, '1.00', at(5));
    expect((await alertsOf(b.id)).slice(1)).toEqual(['DAILY 2026-11-10 95% 96.00/100.00 SPEND']);

    await make.spend(c.id, '-20.00', at(6)); // a refund: 77.00, below both
    expect(await alertsOf(b.id)).toHaveLength(2);
    await make.spend(c.id, '3.00', at(7)); // 80.00 again: 80 fires a second time
    expect((await alertsOf(b.id)).slice(2)).toEqual(['DAILY 2026-11-10 80% 80.00/100.00 SPEND']);

    // the next brand-local day starts armed; the month's 80 % (800.00) fires when reached
    const day2 = new Date('2026-11-11T09:00:00Z');
    await make.spend(c.id, '85.00', at(0, day2));
    expect((await alertsOf(b.id)).slice(3)).toEqual(['DAILY 2026-11-11 80% 85.00/100.00 SPEND']);
    const day3 = new Date('2026-11-12T09:00:00Z');
    for (let d = 0; d < 7; d++) await make.spend(c.id, '90.00', new Date(day3.getTime() + d * 86_400_000));
    const monthly = (await alertsOf(b.id)).filter((a) => a.startsWith('MONTHLY'));
    // 165.00 + 7 × 90.00 = 795.00 after the seventh: not yet; one more cent-worthy spend reaches 80 %
    expect(monthly).toEqual([]);
    await make.spend(c.id, '5.00', new Date(day3.getTime() + 6 * 86_400_000 + 60_000));
    expect((await alertsOf(b.id)).filter((a) => a.startsWith('MONTHLY'))).toEqual(['MONTHLY 2026-11-01 80% 800.00/1000.00 SPEND']);
  });

  it('fire when a lowered budget puts the spend over a threshold (BUDGET_CHANGE), and follow a changed list', async () => {
    const b = await make.brand({ dailyBudget: '100.00' });
    const c = await make.campaign(b.id);
    await make.spend(c.id, '50.00');
    const update = `mutation ($id: ID!, $input: UpdateBrandInput!) { updateBrand(id: $id, input: $input) { alertThresholds } }`;
    const res = await s.gql(update, { id: b.id, input: { dailyBudget: '60.00', alertThresholds: [50, 95, 80] } });
    expect(res.data.updateBrand.alertThresholds).toEqual([50, 80, 95]);
    // 50 and 80 crossed by one write: one alert, for 80
    expect((await alertsOf(b.id)).map((a) => a.replace(/ \d{4}-\d\d-\d\d /, ' '))).toEqual(['DAILY 80% 50.00/60.00 BUDGET_CHANGE']);
  });

  it('a write that jumps past several thresholds makes one alert, for the highest, saying where the spend is', async () => {
    const b = await make.brand({ dailyBudget: '100.00', monthlyBudget: '10000.00' });
    const c = await make.campaign(b.id);
    const SUB = `subscription ($brandId: ID) { budgetAlert(brandId: $brandId) { threshold reached spent budget period } }`;
    const live = await wsSubscribe(s.url, SUB, { brandId: b.id });
    await make.spend(c.id, '30.00');
    await make.spend(c.id, '162.40'); // 30 % → 192.4 %: past 80 and 95 at once
    expect((await alertsOf(b.id)).map((a) => a.replace(/ \d{4}-\d\d-\d\d /, ' '))).toEqual(['DAILY 95% 192.40/100.00 SPEND']);
    expect((await live.until(1)).map((x) => x.budgetAlert)).toEqual([
      { threshold: 95, reached: 192, spent: '192.40', budget: '100.00', period: 'DAILY' },
    ]);
    await live.close();
    // both were marked fired: more spend the same day alerts again for neither
    await make.spend(c.id, '1.00');
    expect(await alertsOf(b.id)).toHaveLength(1);
    const listed = await s.gql(`query ($b: ID) { budgetAlerts(brandId: $b) { edges { node { threshold reached } } } }`, { b: b.id });
    expect(listed.data.budgetAlerts.edges.map((e: { node: unknown }) => e.node)).toEqual([{ threshold: 95, reached: 192 }]);
  });

  it('refuses bad thresholds naming the one that is wrong, and writes nothing', async () => {
    const b = await make.brand({ dailyBudget: '100.00' });
    const update = `mutation ($id: ID!, $input: UpdateBrandInput!) { updateBrand(id: $id, input: $input) { id } }`;
    for (const [list, field] of [
      [[80, 0], 'alertThresholds[1]'],
      [[101], 'alertThresholds[0]'],
      [[80, 80], 'alertThresholds'],
      [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'alertThresholds'],
    ] as const) {
      const res = await s.gql(update, { id: b.id, input: { alertThresholds: list, dailyBudget: '1.00' } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field });
    }
    const [row] = await t.sql<{ alert_thresholds: number[]; daily_budget: string }>(
      `select alert_thresholds, daily_budget::text from brands where id = $1`,
      [b.id],
    );
    expect(row).toEqual({ alert_thresholds: [80, 95], daily_budget: '100000' }); // thousandths
    const created = await s.gql(`mutation { createBrand(input: { name: "Thresholds", alertThresholds: [100, 50] }) { alertThresholds } }`);
    expect(created.data.createBrand.alertThresholds).toEqual([50, 100]);
  });

  it('the subscription replays after afterAlertId and delivers live alerts of the brand asked for', async () => {
    const b = await make.brand({ dailyBudget: '10.00' });
    const other = await make.brand({ dailyBudget: '10.00' });
    const c = await make.campaign(b.id);
    const o = await make.campaign(other.id);
    await make.spend(c.id, '8.00'); // 80 %
    const [first] = await t.sql<{ id: string }>(`select id::text from budget_alerts where brand_id = $1`, [b.id]);
    const SUB = `subscription ($brandId: ID, $after: ID) { budgetAlert(brandId: $brandId, afterAlertId: $after) { id threshold period spent budget brandId } }`;
    const replay = await wsSubscribe(s.url, SUB, { brandId: b.id, after: String(BigInt(first!.id) - 1n) });
    const live = await wsSubscribe(s.url, SUB, { brandId: b.id });
    await make.spend(o.id, '9.50'); // another brand: not for these
    await make.spend(c.id, '1.50'); // 95 %
    const replayed = await replay.until(2);
    expect(replayed.map((x) => `${x.budgetAlert.threshold} ${x.budgetAlert.spent}/${x.budgetAlert.budget}`)).toEqual([
      '80 8.00/10.00',
      '95 9.50/10.00',
    ]);
    expect((await live.until(1)).map((x) => x.budgetAlert.threshold)).toEqual([95]);
    // a later alert of the brand arrives next to both: the other brand's, before it, were not for them
    await s.gql(`mutation ($id: ID!) { updateBrand(id: $id, input: { alertThresholds: [80, 95, 100] }) { id } }`, { id: b.id });
    await make.spend(c.id, '0.50'); // 100 %
    expect((await live.until(2)).map((x) => x.budgetAlert.threshold)).toEqual([95, 100]);
    expect((await replay.until(3)).map((x) => x.budgetAlert.threshold)).toEqual([80, 95, 100]);
    expect([...live.items, ...replay.items].every((x) => x.budgetAlert.brandId === b.id)).toBe(true);
    expect(live.items).toHaveLength(2);
    await replay.close();
    await live.close();

    const listed = await s.gql(`query ($b: ID) { budgetAlerts(brandId: $b) { totalCount edges { node { threshold trigger } } } }`, {
      b: b.id,
    });
    expect(listed.data.budgetAlerts.totalCount).toBe(3);
  });
});
