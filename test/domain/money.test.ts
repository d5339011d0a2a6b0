import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import {
  amountOf,
  decimalsOf,
  divideToUnit,
  formatMoney,
  NO_MINOR_UNIT,
  parseBudget,
  parseMoney,
  remaining,
  unitOf,
} from '../../src/domain/money.ts';
import { parseCurrency } from '../../src/domain/validate.ts';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  return expect.unreachable('not refused');
}

describe('the table of minor units (ISO 4217)', () => {
  it.each([
    ['USD', 2, 10n],
    ['EUR', 2, 10n],
    ['JPY', 0, 1000n],
    ['KRW', 0, 1000n],
    ['CLP', 0, 1000n],
    ['ISK', 0, 1000n],
    ['VND', 0, 1000n],
    ['KWD', 3, 1n],
    ['BHD', 3, 1n],
    ['JOD', 3, 1n],
    ['OMR', 3, 1n],
    ['TND', 3, 1n],
    ['IQD', 3, 1n],
    ['HUF', 2, 10n], // ISO's two, though Meta bills it whole (documented beside the table)
    ['TWD', 2, 10n],
  ])('%s: %i decimals, %s thousandths a minor unit', (currency, decimals, unit) => {
    expect(decimalsOf(currency)).toBe(decimals);
    expect(unitOf(currency)).toBe(unit);
  });

  it('every currency a brand may have has 0, 2 or 3 decimals; codes without a minor unit are refused as a brand currency', () => {
    for (const code of Intl.supportedValuesOf('currency')) {
      if (NO_MINOR_UNIT.has(code)) {
        expect(refusal(() => parseCurrency(code)).message).toMatch(/no minor unit/);
      } else {
        expect(parseCurrency(code)).toBe(code);
        expect([0, 2, 3]).toContain(decimalsOf(code));
      }
    }
  });
});

describe('parseMoney', () => {
  it.each([
    ['5', 'USD', 5_000n],
    ['5.5', 'USD', 5_500n],
    ['25.50', 'USD', 25_500n],
    ['-0.01', 'USD', -10n],
    ['0', 'USD', 0n],
    ['9999999999.99', 'USD', 9_999_999_999_990n],
    ['-9999999999.99', 'USD', -9_999_999_999_990n],
    ['0000012.30', 'USD', 12_300n],
    ['2550', 'JPY', 2_550_000n],
    ['-1', 'JPY', -1_000n],
    ['9999999999', 'JPY', 9_999_999_999_000n],
    ['25.500', 'KWD', 25_500n],
    ['12.345', 'KWD', 12_345n],
    ['0.001', 'KWD', 1n],
    ['9999999999.999', 'KWD', 9_999_999_999_999n],
    ['7', 'KWD', 7_000n],
  ])('%s %s → %s thousandths', (text, currency, expected) => {
    expect(parseMoney(text, 'amount', currency)).toBe(expected);
  });

  it.each([
    ['1234.5', 'JPY', 'at most 0 decimals for JPY'],
    ['1234.0', 'JPY', 'at most 0 decimals for JPY'],
    ['1.234', 'USD', 'at most 2 decimals for USD'],
    ['25.500', 'USD', 'at most 2 decimals for USD'],
    ['1.2345', 'KWD', 'at most 3 decimals for KWD'],
    ['1.0000001', 'JPY', 'at most 0 decimals for JPY'],
  ])('refuses %j for %s: "%s"', (text, currency, message) => {
    const error = refusal(() => parseMoney(text, 'dailyBudget', currency));
    expect(error.code).toBe('INVALID_MONEY');
    expect(error.field).toBe('dailyBudget');
    expect(error.message).toContain(message);
  });

  it.each(['1e3', '', ' 5', '5.', '.5', 'abc', '10000000000', '-10000000000.00', '1,00', '+5', 'NaN', 'Infinity'])(
    'refuses %j with INVALID_MONEY naming the field, in every currency',
    (text) => {
      for (const currency of ['USD', 'JPY', 'KWD']) {
        const error = refusal(() => parseMoney(text, 'dailyBudget', currency));
        expect(error.code).toBe('INVALID_MONEY');
        expect(error.field).toBe('dailyBudget');
      }
    },
  );

  it('beyond ±9,999,999,999 major units is refused, in words', () => {
    expect(refusal(() => parseMoney('10000000000', 'amount', 'JPY')).message).toBe(
      'amount must be within ±9999999999 major units of JPY; got "10000000000"',
    );
  });

  it('refuses a number: a float never becomes money', () => {
    expect(refusal(() => parseMoney(25.5, 'amount', 'USD')).message).toBe('amount must be a decimal string like "25.50" (USD)');
    expect(refusal(() => parseMoney(2550, 'amount', 'JPY')).message).toBe('amount must be a decimal string like "2550" (JPY)');
    expect(refusal(() => parseMoney('1e3', 'amount', 'KWD')).message).toContain('like "25.500" (KWD)');
  });

  it('a budget is null (no limit) or ≥ 0', () => {
    expect(parseBudget(null, 'dailyBudget', 'JPY')).toBeNull();
    expect(parseBudget('0', 'dailyBudget', 'JPY')).toBe(0n);
    expect(refusal(() => parseBudget('-1', 'dailyBudget', 'JPY')).message).toBe('dailyBudget cannot be negative');
  });
});

describe('formatMoney', () => {
  it.each([
    [0n, 'USD', '0.00'],
    [50n, 'USD', '0.05'],
    [-50n, 'USD', '-0.05'],
    [25_500n, 'USD', '25.50'],
    [-1_234_560n, 'USD', '-1234.56'],
    [10n ** 21n, 'USD', '1000000000000000000.00'],
    [0n, 'JPY', '0'],
    [1_234_000n, 'JPY', '1234'],
    [-2_550_000n, 'JPY', '-2550'],
    [12_345n, 'KWD', '12.345'],
    [25_500n, 'KWD', '25.500'],
    [0n, 'KWD', '0.000'],
  ])('%s %s → %s', (value, currency, text) => {
    expect(formatMoney(value, currency)).toBe(text);
  });

  it('an amount finer than its unit (cents of yen, recorded before units were per currency) keeps its digits: never rounded', () => {
    expect(formatMoney(8_098_970n, 'JPY')).toBe('8098.97');
    expect(formatMoney(3_230_580n, 'JPY')).toBe('3230.58');
    expect(formatMoney(-500n, 'JPY')).toBe('-0.5');
    expect(formatMoney(1n, 'USD')).toBe('0.001');
    expect(amountOf(formatMoney(8_098_970n, 'JPY'))).toBe(8_098_970n);
  });

  it('round-trips every unit around zero and the limits, in each currency', () => {
    for (const currency of ['USD', 'JPY', 'KWD']) {
      const unit = unitOf(currency);
      for (let n = -1000n; n <= 1000n; n++) {
        expect(parseMoney(formatMoney(n * unit, currency), 'x', currency)).toBe(n * unit);
        expect(amountOf(formatMoney(n * unit, currency))).toBe(n * unit);
      }
      const max = 10_000_000_000_000n - unit;
      expect(parseMoney(formatMoney(max, currency), 'x', currency)).toBe(max);
    }
  });
});

describe('rounding to the unit', () => {
  it('divideToUnit rounds half away from zero to the currency’s unit', () => {
    expect(divideToUnit(2_500n, 1n, 'JPY')).toBe(3_000n); // ¥2.5 → ¥3
    expect(divideToUnit(-2_500n, 1n, 'JPY')).toBe(-3_000n);
    expect(divideToUnit(2_499n, 1n, 'JPY')).toBe(2_000n);
    expect(divideToUnit(10_000n, 3n, 'USD')).toBe(3_330n); // $10 / 3 → $3.33
    expect(divideToUnit(10_000n, 3n, 'KWD')).toBe(3_333n);
    expect(divideToUnit(25n, 1n, 'USD')).toBe(30n); // half a cent rounds up
  });
});

describe('remaining', () => {
  it('is budget − spend, negative when overspent, null without a budget', () => {
    expect(remaining(100_000n, 25_500n)).toBe(74_500n);
    expect(remaining(1_000n, 2_500n)).toBe(-1_500n);
    expect(remaining(null, 2_500n)).toBeNull();
  });
});
