// Input checks shared by every entry point; each refusal names the field.
import { DomainError } from './errors.ts';

/** Names are trimmed; 1–max characters after trimming. */
export function parseName(value: unknown, field = 'name', max = 200): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name.length < 1 || name.length > max) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be 1 to ${max} characters`, field);
  }
  return name;
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 code, like "USD". */
export function parseCurrency(value: unknown, field = 'currency'): string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value) || !CURRENCIES.has(value)) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must be an ISO 4217 code like "USD" or "EUR"; got ${JSON.stringify(value)}`, field);
  }
  return value;
}
