// Input checks shared by every entry point; each refusal names the field.
import { DomainError, quote } from './errors.ts';
import { NO_MINOR_UNIT } from './money.ts';

/** How long each text input may be: one table for every entry point that takes it. */
export const MAX_LENGTH = { name: 200, platform: 100, externalCampaignId: 200, source: 100, externalId: 200, description: 1_000 } as const;

/** Names are trimmed; 1–max characters after trimming. */
export function parseName(value: unknown, field = 'name', max: number = MAX_LENGTH.name): string {
  return parseText(typeof value === 'string' ? value.trim() : '', field, { min: 1, max });
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/**
 * ISO 4217 code, like "USD", of a currency with a minor unit of at most three decimals (src/domain/money.ts).
 * Read as a person types it: trimmed and upper-cased ("usd" is USD); stored and answered upper-case.
 */
export function parseCurrency(given: unknown, field = 'currency'): string {
  const value = typeof given === 'string' ? given.trim().toUpperCase() : given;
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value) || !CURRENCIES.has(value)) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be an ISO 4217 code like "USD" or "EUR"; got ${quote(given)}`, field);
  }
  if (NO_MINOR_UNIT.has(value)) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} ${value} has no minor unit of at most three decimals in ISO 4217: it cannot hold a brand's money`,
      field,
    );
  }
  return value;
}

// What no text of ours may hold: C0 and C1 controls (PostgreSQL cannot store NUL at all), the
// bidirectional controls that make a name read otherwise than it is (U+202E and the like), and
// invisible characters that make two names look alike ("Acme" and "Acme\u200b"). The joiners
// (U+200C, U+200D) stay: some scripts and emoji need them.
const DEL_C1_AND_INVISIBLE =
  '\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const FORBIDDEN = new RegExp(`[\\u0000-\\u001f${DEL_C1_AND_INVISIBLE}]`);
// descriptions: tab, line feed and carriage return allowed
const FORBIDDEN_BUT_LINES = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f${DEL_C1_AND_INVISIBLE}]`);
/** Something one can see: not a space, a format character or a mark alone. */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{M}]/u;

/** A UTF-16 surrogate without its pair: JSON can carry one ("\ud800"), UTF-8 cannot. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Every text input, as given (not trimmed) but in Unicode's composed form (NFC: "é" typed as
 * e + accent is the same name as "é"), a lone surrogate as U+FFFD (what the driver's UTF-8 made of
 * it on the way to PostgreSQL; a JSON text of it, as record_spends takes its items, is refused
 * there): min–max characters, no control, bidirectional or invisible characters. `multiline`
 * lets tabs and line breaks through (descriptions).
 */
export function parseText(
  value: unknown,
  field: string,
  { min = 0, max, multiline = false }: { min?: number; max: number; multiline?: boolean },
): string {
  const text = typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd').normalize('NFC') : value;
  if (typeof text !== 'string' || text.length < min || text.length > max) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be ${min === 0 ? 'at most' : `${min} to`} ${max} characters`, field);
  }
  const control = (multiline ? FORBIDDEN_BUT_LINES : FORBIDDEN).exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} must not contain control characters (U+${code} at position ${control.index}): no control, bidirectional or invisible characters`,
      field,
    );
  }
  if (min > 0 && !VISIBLE.test(text)) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must contain something visible, not only spaces or formatting`, field);
  }
  return text;
}

/** At most this many alert thresholds per brand. */
export const MAX_THRESHOLDS = 10;

/** Alert thresholds: whole percents of a budget, 1–100, distinct, at most MAX_THRESHOLDS; answered sorted. */
export function parseThresholds(value: unknown, field = 'alertThresholds'): number[] {
  if (!Array.isArray(value) || value.length > MAX_THRESHOLDS) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be a list of at most ${MAX_THRESHOLDS} percents; got ${quote(value)}`, field);
  }
  for (const [i, t] of value.entries()) {
    if (!Number.isInteger(t) || t < 1 || t > 100) {
      throw new DomainError('INVALID_ARGUMENT', `${field}[${i}] must be a whole percent from 1 to 100; got ${quote(t)}`, `${field}[${i}]`);
    }
  }
  const sorted = [...new Set(value as number[])].sort((a, b) => a - b);
  if (sorted.length !== value.length) throw new DomainError('INVALID_ARGUMENT', `${field} lists a percent twice`, field);
  return sorted;
}
