// Timezones are those PostgreSQL knows (pg_timezone_names) and browsers know too: IANA names
// and links such as "Europe/Paris" or "US/Eastern". PostgreSQL also lists names no browser knows
// ("localtime", "posixrules", "posix/Europe/Paris", "right/UTC"); a brand in one could not be
// shown. This process's ICU (Intl, as in browsers) is the judge. pg_timezone_names is read once
// per process: the view parses the tz database on every query.
import type { Tx } from '../db/index.ts';
import { DomainError, quote } from '../domain/errors.ts';

let known: Promise<Set<string>> | null = null;

export async function assertTimezone(tx: Tx, name: unknown, field = 'timezone'): Promise<string> {
  if (typeof name !== 'string' || name.length === 0) {
    throw new DomainError('UNKNOWN_TIMEZONE', `${field} must be an IANA time zone name like "Europe/Paris"`, field);
  }
  known ??= tx.$queryRaw<{ name: string }[]>`select name from pg_timezone_names`.then((rows) => new Set(rows.map((r) => r.name)));
  const names = await known.catch((error: unknown) => {
    known = null;
    throw error;
  });
  if (!names.has(name) || !browsersKnow(name)) {
    throw new DomainError(
      'UNKNOWN_TIMEZONE',
      `${field} ${quote(name)} is not a time zone both PostgreSQL and browsers know (try "Europe/Paris" or "UTC")`,
      field,
    );
  }
  return name;
}

function browsersKnow(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
