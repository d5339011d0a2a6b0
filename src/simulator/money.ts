// Money as the platforms hold it: integer micros of the account currency (Google's cost_micros,
// amount_micros), shown by Meta as a decimal string in major units rounded to its own offset.
// A float never touches an amount here either: every total is a bigint of micros.

import { SimError } from './errors.ts';

const DECIMAL = /^([0-9]{1,12})(?:\.([0-9]{1,6}))?$/;

/** "12.5" (major units, at most 6 decimals) → 12_500_000n micros. */
export function parseMicros(text: unknown, field: string): bigint {
  const match = typeof text === 'string' ? DECIMAL.exec(text) : null;
  if (!match)
    throw new SimError(`${field} must be a decimal string of major units like "12.50" (at most 6 decimals); got ${JSON.stringify(text)}`);
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

/**
 * Meta's offsets (developers.facebook.com/docs/marketing-api/currencies): budgets are integers of
 * 1/offset of the major unit, and spend has as many decimals. Offset 1: these; 100: every other
 * currency Meta supports (BHD, JOD and KWD too, though ISO 4217 gives them three decimals).
 */
const META_OFFSET_1 = new Set(['CLP', 'COP', 'CRC', 'HUF', 'ISK', 'IDR', 'JPY', 'KRW', 'PYG', 'TWD', 'VND']);

export function metaOffset(currency: string): bigint {
  return META_OFFSET_1.has(currency) ? 1n : 100n;
}

/** micros → Meta's minor units (its offset), rounded down: what has been billed. */
export function metaMinor(micros: bigint, currency: string): bigint {
  return (micros * metaOffset(currency)) / 1_000_000n;
}

/** micros → Meta's `spend`: major units, trailing zeros dropped ("5339.5", "12", "0.07"). */
export function metaSpend(micros: bigint, currency: string): string {
  const offset = metaOffset(currency);
  const minor = metaMinor(micros, currency);
  if (offset === 1n) return minor.toString();
  const whole = minor / offset;
  const fraction = (minor % offset).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/** micros → "12.500000" major units with all six decimals (the control API's figures). */
export function formatMicros(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  return `${negative ? '-' : ''}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, '0')}`;
}
