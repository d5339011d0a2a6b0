// The simulated world without its wire: how campaigns spend (curve, pauses, caps), the clock, the
// account's day in its time zone, reporting lag and revisions. Money is integer micros throughout.
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../src/simulator/clock.ts';
import { DEFAULT_CURVE, normalizeCurve } from '../../src/simulator/spend.ts';
import { World } from '../../src/simulator/world.ts';
import { localDate, localDay } from '../../src/simulator/zone.ts';
import { metaSpend } from '../../src/simulator/money.ts';
import { sleep } from '../helpers/wait.ts';

const HOUR = 3_600_000;
// 2026-12-06 00:00 in New York (UTC−5)
const MIDNIGHT_NY = Date.parse('2026-12-06T05:00:00Z');

function frozenWorld(at = MIDNIGHT_NY): World {
  return new World(new SimClock(at, 0));
}

function googleAccount(world: World, extra: Record<string, unknown> = {}) {
  return world.addAccount({ platform: 'GOOGLE_ADS', id: '1234567890', currency: 'USD', timeZone: 'America/New_York', ...extra });
}

describe('spend', () => {
  it('follows the hour-of-day curve while enabled, in exact micros', () => {
    const world = frozenWorld();
    const account = googleAccount(world);
    const c = world.addCampaign(account.id, { id: '1', hourlyRate: '10.00' });
    expect(world.totalAt(c, '2026-12-06', world.now())).toBe(0n);
    world.clock.advance(HOUR); // 00:00–01:00 at the curve's first weight
    expect(world.totalAt(c, '2026-12-06', world.now())).toBe((10_000_000n * BigInt(DEFAULT_CURVE[0]!)) / 1000n);
    world.clock.advance(23 * HOUR); // the whole day: the weights average 1000 ‰, so 24 × the hourly rate
    expect(world.totalAt(c, '2026-12-06', world.now())).toBe(240_000_000n);
    // the evening peak spends more than the night
    const hourOf = (h: number) =>
      world.totalAt(c, '2026-12-06', MIDNIGHT_NY + (h + 1) * HOUR) - world.totalAt(c, '2026-12-06', MIDNIGHT_NY + h * HOUR);
    expect(hourOf(19)).toBeGreaterThan(hourOf(3) * 10n);
  });

  it('spends nothing while paused, and a pause keeps what was spent', () => {
    const world = frozenWorld();
    const account = googleAccount(world);
    const c = world.addCampaign(account.id, { id: '1', hourlyRate: '24.00', curve: Array(24).fill(1) });
    world.clock.advance(2 * HOUR);
    expect(world.setStatus(c, 'PAUSED', 'API', 'test')).toMatchObject({ from: 'ENABLED', to: 'PAUSED', via: 'API' });
    world.clock.advance(5 * HOUR);
    expect(world.totalAt(c, '2026-12-06', world.now())).toBe(48_000_000n);
    expect(world.setStatus(c, 'PAUSED', 'API', 'test')).toBeNull(); // no change, nothing recorded
    world.setStatus(c, 'ENABLED', 'UI', 'jane@agency.example');
    world.clock.advance(HOUR);
    expect(world.totalAt(c, '2026-12-06', world.now())).toBe(72_000_000n);
    expect(world.changes.map((x) => [x.from, x.to, x.via])).toEqual([
      ['ENABLED', 'PAUSED', 'API'],
      ['PAUSED', 'ENABLED', 'UI'],
    ]);
    // a removed campaign changes no more
    world.setStatus(c, 'REMOVED', 'API', 'test');
    expect(() => world.setStatus(c, 'ENABLED', 'UI', 'x')).toThrow(/REMOVED: it cannot change/);
  });

  it('gives the same total however often it is asked (no rounding drift)', () => {
    const world = frozenWorld();
    const account = googleAccount(world);
    const c = world.addCampaign(account.id, { id: '1', hourlyRate: '3.333333' });
    const once = world.totalAt(c, '2026-12-06', MIDNIGHT_NY + 7 * HOUR + 12_345);
    let last = 0n;
    for (let t = MIDNIGHT_NY; t <= MIDNIGHT_NY + 7 * HOUR + 12_345; t += 61_007) {
      const now = world.totalAt(c, '2026-12-06', t);
      expect(now).toBeGreaterThanOrEqual(last); // a running total never goes down by itself
      last = now;
    }
    expect(world.totalAt(c, '2026-12-06', MIDNIGHT_NY + 7 * HOUR + 12_345)).toBe(once);
  });

  it('stops at what the platform lets it spend past its own budget: 2× on Google, 1.75× on Meta', () => {
    const world = frozenWorld();
    const g = googleAccount(world);
    const m = world.addAccount({ platform: 'META', id: 'act_1', currency: 'USD', timeZone: 'America/New_York' });
    const gc = world.addCampaign(g.id, { id: '1', hourlyRate: '100.00', dailyBudget: '10.00' });
    const mc = world.addCampaign(m.id, { id: '2', hourlyRate: '100.00', dailyBudget: '10.00' });
    const own = world.addCampaign(g.id, { id: '3', hourlyRate: '100.00', dailyBudget: '10.00', overDelivery: 1.2 });
    world.clock.advance(23 * HOUR);
    expect(world.totalAt(gc, '2026-12-06', world.now())).toBe(20_000_000n);
    expect(world.totalAt(mc, '2026-12-06', world.now())).toBe(17_500_000n);
    expect(world.totalAt(own, '2026-12-06', world.now())).toBe(12_000_000n);
    // the next day starts from zero
    world.clock.advance(2 * HOUR);
    expect(world.totalAt(gc, '2026-12-07', world.now())).toBeGreaterThan(0n);
  });

  it('a change of rate or budget holds from then on, never rewriting what was spent', () => {
    const world = frozenWorld();
    const account = googleAccount(world);
    const c = world.addCampaign(account.id, { id: '1', hourlyRate: '1.00', curve: Array(24).fill(5) });
    world.clock.advance(10 * HOUR);
    world.updateCampaign(account.id, '1', { hourlyRate: '2.00' });
    world.clock.advance(HOUR);
    expect(world.totalAt(c, '2026-12-06', world.now())).toBe(12_000_000n);
    expect(world.totalAt(c, '2026-12-06', MIDNIGHT_NY + 10 * HOUR)).toBe(10_000_000n);
  });
});

describe('the clock', () => {
  it('runs `speed` times faster than real time, and only forward', async () => {
    const clock = new SimClock(MIDNIGHT_NY, 3600);
    const outerStart = performance.now();
    const s0 = clock.now();
    const innerStart = performance.now();
    await sleep(50); // real time passing is what is measured
    const innerEnd = performance.now();
    const s1 = clock.now();
    const outerEnd = performance.now();
    expect(s1 - s0).toBeGreaterThanOrEqual(Math.floor((innerEnd - innerStart) * 3600) - 1);
    expect(s1 - s0).toBeLessThanOrEqual(Math.ceil((outerEnd - outerStart) * 3600) + 1);
    clock.setSpeed(0);
    const frozen = clock.now();
    clock.advance(HOUR);
    expect(clock.now()).toBe(frozen + HOUR);
    expect(() => clock.set(frozen)).toThrow(/only moves forward/);
    expect(() => clock.advance(-1)).toThrow(/only moves forward/);
  });
});

describe("the account's day", () => {
  it('counts spend per account-date in the account’s time zone, DST days included', () => {
    expect(localDay('2026-03-08', 'America/New_York').hours).toHaveLength(23);
    expect(localDay('2026-11-01', 'America/New_York').hours).toHaveLength(25);
    expect(localDay('2026-12-06', 'Asia/Kolkata').start).toBe(Date.parse('2026-12-05T18:30:00Z'));
    expect(localDay('2026-12-06', 'Pacific/Chatham').hours.map((h) => h.hour)).toEqual([...Array(24).keys()]);
    expect(localDate(Date.parse('2026-12-06T04:59:59Z'), 'America/New_York')).toBe('2026-12-05');

    const world = new World(new SimClock(Date.parse('2026-11-01T04:00:00Z'), 0)); // 00:00 EDT, the 25-hour day
    const account = googleAccount(world);
    const c = world.addCampaign(account.id, { id: '1', hourlyRate: '1.00', curve: Array(24).fill(1) });
    world.clock.advance(26 * HOUR);
    expect(world.totalAt(c, '2026-11-01', world.now())).toBe(25_000_000n);
  });
});

describe('reporting', () => {
  it('trails the truth by the account’s lag', () => {
    const world = frozenWorld();
    const account = googleAccount(world, { lagSeconds: 3600 });
    const c = world.addCampaign(account.id, { id: '1', hourlyRate: '24.00', curve: Array(24).fill(1) });
    world.clock.advance(3 * HOUR);
    expect(world.totalAt(c, '2026-12-06', world.now())).toBe(72_000_000n);
    expect(world.reported(c, '2026-12-06')).toBe(48_000_000n);
  });

  it('revises a total down (by an amount, or to one), seen once reports reach it; never up', () => {
    const world = frozenWorld(MIDNIGHT_NY + HOUR);
    const account = googleAccount(world, { lagSeconds: 600 });
    const c = world.addCampaign(account.id, { id: '1', hourlyRate: '24.00', curve: Array(24).fill(1), since: '2026-12-05T05:00:00Z' });
    expect(world.reported(c, '2026-12-05')).toBe(576_000_000n);
    expect(world.revise(c, '2026-12-05', { by: 1_250_000n })).toBe(574_750_000n);
    expect(world.reported(c, '2026-12-05')).toBe(576_000_000n); // not yet: reports trail by 10 minutes
    world.clock.advance(600_000);
    expect(world.reported(c, '2026-12-05')).toBe(574_750_000n);
    world.revise(c, '2026-12-05', { to: 500_000_000n });
    world.clock.advance(600_000);
    expect(world.reported(c, '2026-12-05')).toBe(500_000_000n);
    expect(() => world.revise(c, '2026-12-05', { to: 600_000_000n })).toThrow(/lowers the total/);
  });
});

describe('money', () => {
  it('Meta shows spend in major units at its offset, trailing zeros dropped', () => {
    expect(metaSpend(5_339_500_000n, 'USD')).toBe('5339.5');
    expect(metaSpend(12_000_000n, 'USD')).toBe('12');
    expect(metaSpend(70_000n, 'EUR')).toBe('0.07');
    expect(metaSpend(1_234_999_999n, 'JPY')).toBe('1234'); // offset 1: whole yen, rounded down
    expect(metaSpend(1_234_999_999n, 'KWD')).toBe('1234.99'); // Meta keeps two decimals where ISO has three
  });

  it('curves are normalised to per mille of their mean, summing to exactly 24,000', () => {
    const curve = normalizeCurve([1, 2, 3, ...Array(21).fill(0)]);
    expect(curve.reduce((a, b) => a + b, 0)).toBe(24_000);
    expect(curve.slice(0, 3)).toEqual([4000, 8000, 12000]);
    expect(DEFAULT_CURVE.reduce((a, b) => a + b, 0)).toBe(24_000);
    expect(() => normalizeCurve(Array(24).fill(0))).toThrow(/at least one hour/);
  });
});
