// Money, the one place: exact integers, and a float never touches an amount.
//
// Every amount of every currency is an integer count of thousandths of its major unit (Amount),
// in memory and in the database. The finest minor unit ISO 4217 gives a brand's currency is the
// thousandth (the fils of KWD), so one scale holds every currency's unit exactly: a yen is 1000n,
// a cent 10n, a fils 1n. Sums and comparisons need no conversion, and the amounts recorded as
// cents before units were per currency (¥8,098.97) keep their value (migration
// 20261206050000_money_in_thousandths). A brand's currency fixes its unit: an input may not be
// finer than it, and answers are written in it.
import { DomainError, quote } from './errors.ts';

/** Thousandths of a major unit. */
export type Amount = bigint & { readonly __brand: 'Amount' };

/** The decimals of the stored scale: an Amount counts thousandths. */
export const STORED_DECIMALS = 3;
const PER_MAJOR = 1000n;

/**
 * ISO 4217's minor units (the "exponent": decimals of the major unit) that are not two, from the
 * standard's list one as its maintenance agency (SIX) publishes it. Every other code has two.
 *
 * The ad platforms differ in places; this table stays ISO's, and each platform's unit is no finer
 * than ISO's where it differs, so the platforms' amounts fit the brand's unit:
 * - Meta counts budgets in minor units with an "offset" per currency: 1 (no decimals) for JPY,
 *   KRW, CLP, PYG, VND and ISK as ISO does, but also for COP, CRC, HUF, IDR and TWD (two decimals
 *   in ISO); 100 (two decimals) for BHD, JOD, KWD and the other three-decimal dinars
 *   (developers.facebook.com/docs/marketing-api/currencies). Spend is a decimal string.
 * - Google Ads counts micros of every currency, billed in multiples of the currency's
 *   `currency_constant.billable_unit_micros`.
 * - Browsers' Intl (CLDR) shows IQD, and in cash HUF and TWD, without decimals: it is not used here.
 */
const NOT_TWO: Readonly<Record<string, 0 | 3>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0,
  XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
}; // prettier-ignore

/**
 * ISO 4217 codes that cannot be a brand's currency: those ISO gives no minor unit ("N.A.": precious
 * metals, bond-market units, the SDR, the Sucre, testing, no currency) and the two units of account
 * with four decimals (CLF, UYW), finer than the stored scale.
 */
export const NO_MINOR_UNIT: ReadonlySet<string> = new Set([
  'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX', 'CLF', 'UYW',
]); // prettier-ignore

/** The table for SQL (record_spends' `_minor_units`): currency → decimals, where they are not two. */
export const MINOR_UNITS_JSON = JSON.stringify(NOT_TWO);

/** The currency's decimals (ISO 4217's minor unit): 0 for JPY, 2 for USD, 3 for KWD. */
export function decimalsOf(currency: string): number {
  return NOT_TWO[currency] ?? 2;
}

/** Thousandths in one minor unit of the currency: 1000n for JPY, 10n for USD, 1n for KWD. */
export function unitOf(currency: string): bigint {
  return 10n ** BigInt(STORED_DECIMALS - decimalsOf(currency));
}

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;
/** An input may carry at most ±9,999,999,999 major units (and its currency's fraction); sums may exceed it. */
const MAX_WHOLE = 9_999_999_999n;

/** "25.50" USD, "2550" JPY, "25.500" KWD: how the currency's amounts are written. */
const example = (currency: string) => formatMoney(decimalsOf(currency) === 0 ? 2_550_000n : 25_500n, currency);
/** An example for a refusal only: a batch of 10,000 good amounts formats none. */
const like = (currency?: string) => `like "${example(currency ?? 'USD')}"${currency ? ` (${currency})` : ''}`;

/**
 * A Money input in the currency's unit: "25.5" USD → 25500n. Refuses anything but a decimal string
 * (`-?[0-9]+(\.[0-9]+)?`: no exponent, no sign +), more decimals than the currency has, and more
 * than ±9,999,999,999 major units, as INVALID_MONEY naming the field.
 */
export function parseMoney(text: unknown, field: string, currency: string): Amount {
  return inUnit(scanMoney(text, field, currency), field, currency);
}

/** A Money input read before its currency is known (a spend's, until its campaign is found). */
export interface ScannedMoney {
  /** null when written finer than any currency's unit (more than three decimals) */
  amount: Amount | null;
  /** the decimals it was written with */
  decimals: number;
  text: string;
}

/** The shape and range checks of parseMoney, which need no currency (`currency` only words the errors). */
export function scanMoney(text: unknown, field: string, currency?: string): ScannedMoney {
  if (typeof text !== 'string') throw new DomainError('INVALID_MONEY', `${field} must be a decimal string ${like(currency)}`, field);
  const match = DECIMAL.exec(text);
  if (!match) throw new DomainError('INVALID_MONEY', `${field} must be a decimal number ${like(currency)}; got ${quote(text)}`, field);
  const [, sign, whole, fraction = ''] = match;
  if (BigInt(whole!) > MAX_WHOLE) {
    throw new DomainError(
      'INVALID_MONEY',
      `${field} must be within ±${MAX_WHOLE} major units${currency ? ` of ${currency}` : ''}; got ${quote(text)}`,
      field,
    );
  }
  return { amount: thousandths(sign!, whole!, fraction), decimals: fraction.length, text };
}

/** The Amount of a decimal's parts; null when it is finer than a thousandth. */
function thousandths(sign: string, whole: string, fraction: string): Amount | null {
  if (fraction.length > STORED_DECIMALS) return null;
  const value = BigInt(whole) * PER_MAJOR + BigInt(fraction.padEnd(STORED_DECIMALS, '0'));
  return (sign === '-' ? -value : value) as Amount;
}

/** A scanned input in the currency's unit, or INVALID_MONEY naming the field when it has more decimals than the currency. */
export function inUnit(scanned: ScannedMoney, field: string, currency: string): Amount {
  if (scanned.amount === null || scanned.decimals > decimalsOf(currency)) throw finerThanUnit(scanned, field, currency);
  return scanned.amount;
}

/** The refusal of an input written with more decimals than its currency has. */
export function finerThanUnit(scanned: ScannedMoney, field: string, currency: string): DomainError {
  return new DomainError(
    'INVALID_MONEY',
    `${field} must have at most ${decimalsOf(currency)} decimals for ${currency}; got ${quote(scanned.text)}`,
    field,
  );
}

/** A budget input: null (or absent) = no limit; otherwise Money ≥ 0 in the currency's unit. */
export function parseBudget(value: unknown, field: string, currency: string): Amount | null {
  if (value == null) return null;
  const amount = parseMoney(value, field, currency);
  if (amount < 0n) throw new DomainError('INVALID_MONEY', `${field} cannot be negative`, field);
  return amount;
}

/**
 * An Amount written in the currency's unit: 25500n → "25.50" USD, 1234000n → "1234" JPY,
 * 12345n → "12.345" KWD, -50n → "-0.05" USD. An amount finer than its
 * currency's unit (cents of yen, recorded before units were per currency) is written with the
 * decimals it needs ("8098.97" JPY): exact, never rounded.
 */
export function formatMoney(value: bigint, currency: string): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const fraction = (abs % PER_MAJOR).toString().padStart(STORED_DECIMALS, '0');
  const shown = Math.max(decimalsOf(currency), fraction.replace(/0+$/, '').length);
  return `${negative ? '-' : ''}${abs / PER_MAJOR}${shown ? `.${fraction.slice(0, shown)}` : ''}`;
}

export function formatMoneyOrNull(value: bigint | null | undefined, currency: string): string | null {
  return value == null ? null : formatMoney(value, currency);
}

/**
 * A Money answer (any currency's: at most three decimals) back to its Amount, for those who
 * compute on answers (the dashboard's bars). Not an input rule: inputs go through parseMoney.
 */
export function amountOf(text: string): Amount {
  const [, sign, whole, fraction = ''] = DECIMAL.exec(text) ?? [];
  const amount = whole === undefined ? null : thousandths(sign!, whole, fraction);
  if (amount === null) throw new RangeError(`not a Money answer: ${quote(text)}`);
  return amount;
}

/** `remaining` = budget − spend (negative when overspent), null when there is no budget. */
export function remaining(budget: bigint | null, spend: bigint): Amount | null {
  return budget == null ? null : ((budget - spend) as Amount);
}

/**
 * numerator ÷ denominator rounded half away from zero (2.5 → 3, −2.5 → −3): the one rounding of
 * an exact rational to an integer (an amount's unit, or a ratio scaled by a power of ten). denominator ≠ 0.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('divideRounded: division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** numerator ÷ denominator (an Amount as an exact rational) rounded half away from zero to the currency's unit. */
export function divideToUnit(numerator: bigint, denominator: bigint, currency: string): Amount {
  const unit = unitOf(currency);
  return (divideRounded(numerator, denominator * unit) * unit) as Amount;
}

/** Spend as a whole percent of a budget, rounded down (an alert's `reached`: 192 for 192.4 %); 0 for a budget ≤ 0. */
export function reachedPercent(spent: bigint, budget: bigint): number {
  return budget > 0n ? Number((spent * 100n) / budget) : 0;
}
