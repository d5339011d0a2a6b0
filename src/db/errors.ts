// PostgreSQL refusals → domain errors. Constraint names are the contract between the
// migrations and the messages users read.
import { DomainError } from '../domain/errors.ts';

interface Known {
  code: DomainError['code'];
  field: string;
  message: string;
}

const BY_CONSTRAINT: Record<string, Known> = {
  brands_name_key: { code: 'DUPLICATE_NAME', field: 'name', message: 'a brand with this name already exists' },
  campaigns_brand_id_name_key: { code: 'DUPLICATE_NAME', field: 'name', message: 'this brand already has a campaign with this name' },
  campaigns_brand_id_platform_external_campaign_id_key: {
    code: 'DUPLICATE_EXTERNAL_REF',
    field: 'externalCampaignId',
    message: 'this brand already has a campaign with this platform and external campaign id',
  },
  api_keys_name_key: { code: 'DUPLICATE_NAME', field: 'name', message: 'an API key with this name already exists' },
};

/** The SQLSTATE and constraint of a database error, however deep Prisma wrapped it. */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  const seen = new Set<unknown>();
  let code: string | undefined;
  let constraint: string | undefined;
  const visit = (value: unknown, depth: number): void => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 6) return;
    seen.add(value);
    const v = value as Record<string, unknown>;
    if (typeof v.originalCode === 'string') code ??= v.originalCode;
    if (typeof v.code === 'string' && /^[0-9A-Z]{5}$/.test(v.code)) code ??= v.code;
    if (typeof v.constraint === 'string') constraint ??= v.constraint;
    const c = v.constraint as { index?: unknown } | undefined;
    if (c && typeof c.index === 'string') constraint ??= c.index;
    for (const key of ['cause', 'meta', 'driverAdapterError', 'originalError']) visit(v[key], depth + 1);
  };
  visit(error, 0);
  if (!constraint && error instanceof Error) {
    constraint = /constraint "([^"]+)"/.exec(error.message)?.[1];
  }
  return { code, constraint };
}

/** Every code of a database error however deep Prisma wrapped it: Prisma's own (P2028) and PostgreSQL's (57014). */
export function codesOf(error: unknown): Set<string> {
  const codes = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 6) return;
    seen.add(value);
    const v = value as Record<string, unknown>;
    for (const key of ['code', 'originalCode']) if (typeof v[key] === 'string' && /^[0-9A-Z]{5}$/.test(v[key])) codes.add(v[key]);
    for (const key of ['cause', 'meta', 'driverAdapterError', 'originalError']) visit(v[key], depth + 1);
  };
  visit(error, 0);
  return codes;
}

/** SQLSTATE classes and codes that mean the database is not there (not that the request was wrong). */
const GONE_STATES = /^(08...|57P01|57P02|57P03|53300)$/;
const GONE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const GONE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error|Connection refused/i;

/**
 * The database cannot be reached (stopped, restarting, a lost connection, a pool that cannot
 * connect): DATABASE_UNAVAILABLE, which answers 503. null for anything else.
 */
export function unavailable(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error.code === 'DATABASE_UNAVAILABLE' ? error : null;
  const seen = new Set<unknown>();
  const gone = (value: unknown, depth: number): boolean => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 6) return false;
    seen.add(value);
    const v = value as Record<string, unknown>;
    for (const key of ['code', 'originalCode', 'errno', 'kind'])
      if (typeof v[key] === 'string' && (GONE_STATES.test(v[key]) || GONE_ERRNOS.has(v[key]) || v[key] === 'DatabaseNotReachable'))
        return true;
    if (typeof v.message === 'string' && GONE_MESSAGES.test(v.message)) return true;
    return ['cause', 'meta', 'driverAdapterError', 'originalError', 'errors'].some((key) => gone(v[key], depth + 1));
  };
  return gone(error, 0)
    ? new DomainError(
        'DATABASE_UNAVAILABLE',
        'the database cannot be reached right now; retry shortly (a spend sent again with the same source and externalId counts once)',
      )
    : null;
}

/** Rethrows a known constraint violation as its DomainError; anything else unchanged. */
export function translateDbError(error: unknown): never {
  if (error instanceof DomainError) throw error;
  const { constraint } = pgErrorOf(error);
  const known = constraint ? BY_CONSTRAINT[constraint] : undefined;
  if (known) throw new DomainError(known.code, known.message, known.field);
  throw error;
}
