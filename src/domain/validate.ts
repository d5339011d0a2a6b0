// Input checks shared by every entry point; each refusal names the field.
import { DomainError } from './errors.ts';

/** Names are trimmed; 1–max characters after trimming. */
export function parseName(value: unknown, field = 'name', max = 200): string {
  return parseText(typeof value === 'string' ? value.trim() : '', field, { min: 1, max });
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 code, like "USD". */
export function parseCurrency(value: unknown, field = 'currency'): string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value) || !CURRENCIES.has(value)) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be an ISO 4217 code like "USD" or "EUR"; got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/** A free-text input of min–max characters (as given: not trimmed). */
export function parseText(value: unknown, field: string, { min = 0, max }: { min?: number; max: number }): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be ${min === 0 ? 'at most' : `${min} to`} ${max} characters`, field);
  }
  return value;
}
