// Money, the one place: integer cents as bigint. A float never touches an amount.
import { DomainError, quote } from './errors.ts';

export type Cents = bigint & { readonly __brand: 'Cents' };

const MONEY = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;
/** ±9,999,999,999.99: the largest amount or budget an input may carry (sums may exceed it). */
export const MAX_INPUT_CENTS = 999_999_999_999n;

/** "25.5" → 2550n. Refuses exponents, more than two decimals, and values beyond ±MAX. */
export function parseMoney(text: unknown, field: string): Cents {
  if (typeof text !== 'string') {
    throw new DomainError('INVALID_MONEY', `${field} must be a decimal string like "25.50"`, field);
  }
  const match = MONEY.exec(text);
  if (!match) {
    throw new DomainError('INVALID_MONEY', `${field} must be a decimal with at most two decimals, like "25.50"; got ${quote(text)}`, field);
  }
  const [, sign, whole, fraction = ''] = match;
  const value = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  if (value > MAX_INPUT_CENTS) {
    throw new DomainError('INVALID_MONEY', `${field} is beyond ±9999999999.99; got ${quote(text)}`, field);
  }
  return (sign === '-' ? -value : value) as Cents;
}

/** 2550n → "25.50"; -5n → "-0.05". */
export function formatMoney(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** A budget input: null (or absent) = no limit; otherwise Money ≥ 0. */
export function parseBudget(value: unknown, field: string): Cents | null {
  if (value == null) return null;
  const cents = parseMoney(value, field);
  if (cents < 0n) throw new DomainError('INVALID_MONEY', `${field} cannot be negative`, field);
  return cents;
}

export function formatMoneyOrNull(value: bigint | null | undefined): string | null {
  return value == null ? null : formatMoney(value);
}

/** `remaining` = budget − spend (negative when overspent), null when there is no budget. */
export function remaining(budget: bigint | null, spend: bigint): Cents | null {
  return budget == null ? null : ((budget - spend) as Cents);
}

/**
 * numerator ÷ denominator rounded half away from zero (2.5 → 3, −2.5 → −3): the one rounding of
 * an exact rational to an integer (cents, or a ratio scaled by a power of ten). denominator ≠ 0.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('divideRounded: division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}
