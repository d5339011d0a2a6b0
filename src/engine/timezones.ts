// Timezones are those PostgreSQL knows (pg_timezone_names). Read once per process: the
// view parses the tz database on every query.
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
  if (!names.has(name)) {
    throw new DomainError(
      'UNKNOWN_TIMEZONE',
      `${field} ${quote(name)} is not a time zone PostgreSQL knows (try "Europe/Paris" or "UTC")`,
      field,
    );
  }
  return name;
}
