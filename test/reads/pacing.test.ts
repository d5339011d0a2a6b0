// Pacing over a real database (docs/pacing.md): history built at chosen instants through the
// engine, the periods, curve and open time from SQL, figures checked to the cent and millisecond.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { formatMoney } from '../../src/domain/money.ts';
import type { PeriodPacing } from '../../src/domain/pacing.ts';
import { pauseCampaign } from '../../src/engine/campaigns.ts';
import { brandPacing, campaignPacing, type Pacing } from '../../src/reads/pacing.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

const HOUR = 3_600_000;
const EVERY_DAY = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** the figures as text: Money strings, ISO instants */
function shown(p: PeriodPacing) {
  return {
    periodStart: new Date(p.periodStart).toISOString(),
    periodEnd: new Date(p.periodEnd).toISOString(),
    budget: p.budget == null ? null : formatMoney(p.budget, p.currency),
    spent: formatMoney(p.spent, p.currency),
    projected: formatMoney(p.projected, p.currency),
    elapsedShare: p.elapsedShare,
    paceRatio: p.paceRatio,
    band: p.band,
    status: p.status,
    budgetUsedUp: p.budgetUsedUp,
    runsOutAt: p.runsOutAt == null ? null : new Date(p.runsOutAt).toISOString(),
  };
}

async function ofBrand(id: string, at: Date): Promise<Pacing> {
  return (await brandPacing(db(), [id], at)).get(id)!;
}

describe('brand pacing', () => {
  it('LINEAR in Paris: the brand-local day and month, real hours', async () => {
    const created = new Date('2026-11-20T00:00:00Z');
    const brand = await make.brand({ timezone: 'Europe/Paris', dailyBudget: '100.00', monthlyBudget: '1000.00' }, created);
    const [c] = await make.campaigns(brand.id, 1, created);
    await make.spend(c!.id, '30.00', new Date('2026-11-26T10:00:00Z'));
    const p = await ofBrand(brand.id, new Date('2026-11-26T12:00:00Z')); // 13:00 in Paris
    expect(p.method).toBe('LINEAR');
    expect(p.timezone).toBe('Europe/Paris');
    // E = 13 h, R = 11 h: 30.00 + 30.00 × 11/13 = 30.00 + 25.3846… = 55.38
    // ratio 3000·24 / (13·10000) = 0.553846; band 0.05 + 0.45·11/24 = 0.25625 → UNDER
    expect(shown(p.daily)).toEqual({
      periodStart: '2026-11-25T23:00:00.000Z',
      periodEnd: '2026-11-26T23:00:00.000Z',
      budget: '100.00',
      spent: '30.00',
      projected: '55.38',
      elapsedShare: 0.541667,
      paceRatio: 0.553846,
      band: 0.25625,
      status: 'UNDER',
      budgetUsedUp: false,
      runsOutAt: null,
    });
    // November in Paris: 720 h from 2026-10-31T23:00Z; E = 25 days 13 h = 613 h, R = 107 h:
    // 30.00 + 30.00 × 107/613 = 30.00 + 5.2365… = 35.24
    expect(shown(p.monthly)).toMatchObject({
      periodStart: '2026-10-31T23:00:00.000Z',
      periodEnd: '2026-11-30T23:00:00.000Z',
      spent: '30.00',
      projected: '35.24',
      status: 'UNDER',
    });
  });

  it('CURVE: seven days of history at 09:30 weigh hour 9 at 73 flat hours', async () => {
    const created = new Date('2026-11-01T00:00:00Z');
    const brand = await make.brand({ dailyBudget: '11.00' }, created);
    const [c] = await make.campaigns(brand.id, 1, created);
    for (let day = 19; day <= 25; day++) await make.spend(c!.id, '10.00', new Date(`2026-11-${day}T09:30:00Z`));
    await make.spend(c!.id, '10.00', new Date('2026-11-26T09:30:00Z'));
    const p = await ofBrand(brand.id, new Date('2026-11-26T12:00:00Z'));
    expect(p.method).toBe('CURVE');
    // hist[9] = 7000, H = 7000: w[9] = 72·7000 + 7000 = 73·H, every other hour H.
    // E = 11 + 73 = 84 units, R = 12 units, T = 96: 10.00 + 10.00 × 12/84 = 10.00 + 1.428571… = 11.43
    // runs out when 10.00 × W/E = 1.00: W = 8.4 units = 8 h 24 min after 12:00 → 20:24
    expect(shown(p.daily)).toMatchObject({
      spent: '10.00',
      projected: '11.43',
      elapsedShare: 0.875,
      paceRatio: 1.038961, // 1000·96 / (84·1100)
      band: 0.10625, // 0.05 + 0.45·12/96
      status: 'ON_TRACK',
      runsOutAt: '2026-11-26T20:24:00.000Z',
    });
  });

  it('masks the hours no campaign may run: windows, and an operator’s pause', async () => {
    const created = new Date('2026-11-20T00:00:00Z');
    const brand = await make.brand({ dailyBudget: '20.00' }, created);
    const [open, paused] = await make.campaigns(brand.id, 2, created);
    await make.windows(
      open!.id,
      EVERY_DAY.map((dayOfWeek) => ({ dayOfWeek, startTime: '09:00', endTime: '17:00' })),
      created,
    );
    // paused by an operator and without windows: were it counted, every hour would be open
    await db().$transaction((tx) => pauseCampaign(tx, paused!.id, { actor: 'test', role: 'admin', brandIds: null }, created));
    await make.spend(open!.id, '10.00', new Date('2026-11-26T10:00:00Z'));
    const p = await ofBrand(brand.id, new Date('2026-11-26T12:00:00Z'));
    // E = 3 h (09–12), R = 5 h (12–17): 10.00 + 10.00 × 5/3 = 26.67; ratio 1000·8/(3·2000) = 1.333333
    // band 0.05 + 0.45·5/8 = 0.33125 → OVER; 20.00 reached when W = 3 h after 12:00 → 15:00
    expect(shown(p.daily)).toMatchObject({
      projected: '26.67',
      elapsedShare: 0.375,
      paceRatio: 1.333333,
      band: 0.33125,
      status: 'OVER',
      runsOutAt: '2026-11-26T15:00:00.000Z',
    });
    // the campaign's own pacing: its own windows, no budget of its own
    const own = (await campaignPacing(db(), [open!.id], new Date('2026-11-26T12:00:00Z'))).get(open!.id)!;
    expect(shown(own.daily)).toMatchObject({ budget: null, projected: '26.67', paceRatio: null, status: null, runsOutAt: null });
  });

  it('a 25-hour day (Paris, 2026-10-25) counts real hours', async () => {
    const created = new Date('2026-10-20T00:00:00Z');
    const brand = await make.brand({ timezone: 'Europe/Paris' }, created);
    const [c] = await make.campaigns(brand.id, 1, created);
    await make.spend(c!.id, '13.00', new Date('2026-10-25T10:00:00Z'));
    const p = await ofBrand(brand.id, new Date('2026-10-25T11:00:00Z')); // 12:00 CET
    // the day runs 2026-10-24T22:00Z to 2026-10-25T23:00Z: E = 13 h, R = 12 h: 13.00 + 13.00·12/13 = 25.00
    expect(shown(p.daily)).toMatchObject({
      periodStart: '2026-10-24T22:00:00.000Z',
      periodEnd: '2026-10-25T23:00:00.000Z',
      projected: '25.00',
      elapsedShare: 0.52,
      status: null,
    });
  });

  it('windows across DST agree with window_covers: a skipped hour is closed, a repeated one open twice', async () => {
    const created = new Date('2026-03-01T00:00:00Z');
    const brand = await make.brand({ timezone: 'Europe/Paris' }, created);
    const [spring, autumn] = await make.campaigns(brand.id, 2, created);
    // 2026-03-29: 02:00 → 03:00; SUNDAY 02:30–03:30 covers only 03:00–03:30 CEST = 01:00–01:30Z
    await make.windows(spring!.id, [{ dayOfWeek: 'SUNDAY', startTime: '02:30', endTime: '03:30' }], created);
    await make.spend(spring!.id, '1.00', new Date('2026-03-29T01:10:00Z'));
    const s = (await campaignPacing(db(), [spring!.id], new Date('2026-03-29T01:15:00Z'))).get(spring!.id)!;
    // a 23-hour day; E = 15 min, R = 15 min: 1.00 + 1.00 × 15/15 = 2.00
    expect(shown(s.daily)).toMatchObject({
      periodStart: '2026-03-28T23:00:00.000Z',
      periodEnd: '2026-03-29T22:00:00.000Z',
      elapsedShare: 0.5,
      projected: '2.00',
    });
    // 2026-10-25: 03:00 → 02:00; SUNDAY 02:00–03:00 covers both 02:00 hours = 00:00–02:00Z
    await make.windows(autumn!.id, [{ dayOfWeek: 'SUNDAY', startTime: '02:00', endTime: '03:00' }], created);
    await make.spend(autumn!.id, '1.00', new Date('2026-10-25T00:10:00Z'));
    const a = (await campaignPacing(db(), [autumn!.id], new Date('2026-10-25T00:30:00Z'))).get(autumn!.id)!;
    // E = 30 min, R = 90 min: 1.00 + 1.00 × 90/30 = 4.00
    expect(shown(a.daily)).toMatchObject({ elapsedShare: 0.25, projected: '4.00' });
  });

  it('a used-up daily budget: OVER, no run-out, and the rest of the day closed for the month too', async () => {
    const created = new Date('2026-11-20T00:00:00Z');
    const brand = await make.brand({ dailyBudget: '5.00' }, created);
    const [c] = await make.campaigns(brand.id, 1, created);
    await make.spend(c!.id, '5.00', new Date('2026-11-26T06:00:00Z'));
    const p = await ofBrand(brand.id, new Date('2026-11-26T12:00:00Z'));
    // every campaign is paused until midnight: the rest of today is not open time, so nothing
    // more is projected today, and the ratio is spent ÷ budget
    expect(shown(p.daily)).toMatchObject({
      projected: '5.00',
      elapsedShare: 1,
      paceRatio: 1,
      status: 'OVER',
      budgetUsedUp: true,
      runsOutAt: null,
    });
    // the month (no budget) neither counts the rest of today: E = 25 days 12 h = 612 h, R = 4 days = 96 h
    // 5.00 + 5.00 × 96/612 = 5.00 + 0.784… = 5.78 (5.88 if today's paused hours were counted)
    expect(shown(p.monthly)).toMatchObject({ projected: '5.78', budgetUsedUp: false });
  });

  it('answers many brands in one statement', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    const brands = await Promise.all([1, 2, 3].map(() => make.brand({}, at)));
    const found = await brandPacing(
      db(),
      brands.map((b) => b.id),
      at,
    );
    expect([...found.keys()].sort()).toEqual(brands.map((b) => b.id).sort());
    // no spend: nothing projected, no budget, no ratio
    expect(shown(found.get(brands[0]!.id)!.daily)).toMatchObject({ spent: '0.00', projected: '0.00', paceRatio: null });
  });
});
