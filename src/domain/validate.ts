// Input checks shared by every entry point; each refusal names the field.
import { DomainError, quote } from './errors.ts';

/** How long each text input may be: one table for every entry point that takes it. */
export const MAX_LENGTH = { name: 200, platform: 100, externalCampaignId: 200, source: 100, externalId: 200, description: 1_000 } as const;

/** Names are trimmed; 1–max characters after trimming. */
export function parseName(value: unknown, field = 'name', max: number = MAX_LENGTH.name): string {
  return parseText(typeof value === 'string' ? value.trim() : '', field, { min: 1, max });
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 code, like "USD". */
export function parseCurrency(value: unknown, field = 'currency'): string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value) || !CURRENCIES.has(value)) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be an ISO 4217 code like "USD" or "EUR"; got ${quote(value)}`, field);
  }
  return value;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Every text input, as given (not trimmed): min–max characters, no control characters (PostgreSQL
 * cannot store NUL at all; the others have no place in a name or an id). `multiline` lets tabs and
 * line breaks through (descriptions).
 */
export function parseText(
  value: unknown,
  field: string,
  { min = 0, max, multiline = false }: { min?: number; max: number; multiline?: boolean },
): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be ${min === 0 ? 'at most' : `${min} to`} ${max} characters`, field);
  }
  const control = (multiline ? CONTROL_BUT_LINES : CONTROL).exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} must not contain control characters (U+${code} at position ${control.index})`,
      field,
    );
  }
  return value;
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
