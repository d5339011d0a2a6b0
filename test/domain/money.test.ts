import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { formatMoney, parseMoney, remaining } from '../../src/domain/money.ts';

describe('parseMoney', () => {
  it.each([
    ['5', 500n],
    ['5.5', 550n],
    ['25.50', 2550n],
    ['-0.01', -1n],
    ['0', 0n],
    ['9999999999.99', 999_999_999_999n],
    ['-9999999999.99', -999_999_999_999n],
    ['0000012.30', 1230n],
  ])('%s → %s cents', (text, expected) => {
    expect(parseMoney(text, 'amount')).toBe(expected);
  });

  it.each(['1e3', '1.234', '', ' 5', '5.', '.5', 'abc', '10000000000.00', '-10000000000', '1,00', '+5', 'NaN'])(
    'refuses %j with INVALID_MONEY naming the field',
    (text) => {
      try {
        parseMoney(text, 'dailyBudget');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('INVALID_MONEY');
        expect((error as DomainError).field).toBe('dailyBudget');
      }
    },
  );

  it('refuses a number: a float never becomes money', () => {
    expect(() => parseMoney(25.5, 'amount')).toThrow(/decimal string/);
  });
});

describe('formatMoney', () => {
  it.each([
    [0n, '0.00'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [2550n, '25.50'],
    [-123456n, '-1234.56'],
    [10n ** 20n, '1000000000000000000.00'],
  ])('%s → %s', (value, text) => {
    expect(formatMoney(value)).toBe(text);
  });

  it('round-trips every cent around zero and the limits', () => {
    for (let c = -1000n; c <= 1000n; c++) expect(parseMoney(formatMoney(c), 'x')).toBe(c);
    expect(parseMoney(formatMoney(999_999_999_999n), 'x')).toBe(999_999_999_999n);
  });
});

describe('remaining', () => {
  it('is budget − spend, negative when overspent, null without a budget', () => {
    expect(remaining(10000n, 2550n)).toBe(7450n);
    expect(remaining(100n, 250n)).toBe(-150n);
    expect(remaining(null, 250n)).toBeNull();
  });
});
