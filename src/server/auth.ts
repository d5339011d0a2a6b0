// Who is asking: `Authorization: Bearer bk_<id>_<secret>` (or the connection-init payload on a
// WebSocket). Keys are looked up by id and the SHA-256 of the secret compared in constant time.
// A lookup is trusted for at most a second, so a revoked key is refused by every process within
// one; lastUsedAt is written at most once a minute per key and process.
import { timingSafeEqual } from 'node:crypto';
import { db } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import { hashSecret, parseKey, touchKey, type Role } from '../engine/keys.ts';
import { log } from '../log.ts';

const logger = log.child({ module: 'auth' });
const TRUST_MS = 1_000;
const TOUCH_MS = 60_000;

export interface Principal {
  /** null for BUDGET_ADMIN_KEY */
  keyId: string | null;
  /** the key's name: the actor in audit entries and events */
  name: string;
  role: Role;
  /** null = every brand */
  brandIds: string[] | null;
  /** BUDGET_ADMIN_KEY: no rate limit */
  exempt: boolean;
}

interface Stored {
  id: string;
  name: string;
  role: Role;
  secret_hash: Uint8Array;
  brand_ids: string[];
  revoked_at: Date | null;
}

const settings = { adminKey: null as string | null, ratePerSecond: 1_000 };
const cache = new Map<string, { row: Stored; at: number }>();
const touched = new Map<string, number>();

export function configureAuth(options: { adminKey: string | null; ratePerSecond: number }): void {
  settings.adminKey = options.adminKey;
  settings.ratePerSecond = options.ratePerSecond;
}

export const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/** The bearer token of an Authorization header value (or a bare token). */
export function bearer(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : header.trim() || null;
}

/**
 * null: no key given (only open fields may run). Throws UNAUTHENTICATED for a wrong, unknown or
 * revoked key.
 */
export async function authenticate(token: string | null): Promise<Principal | null> {
  if (!token) return null;
  if (settings.adminKey && sameText(token, settings.adminKey)) {
    return { keyId: null, name: 'BUDGET_ADMIN_KEY', role: 'admin', brandIds: null, exempt: true };
  }
  const parsed = parseKey(token);
  if (!parsed) throw unauthenticated('the API key is malformed: expected bk_<id>_<secret>');
  const row = await lookup(parsed.id);
  if (!row || !timingSafeEqual(Buffer.from(row.secret_hash), hashSecret(parsed.secret))) throw unauthenticated('unknown API key');
  if (row.revoked_at) throw unauthenticated('this API key has been revoked');
  touch(row.id);
  return { keyId: row.id, name: row.name, role: row.role, brandIds: row.brand_ids.length ? row.brand_ids : null, exempt: false };
}

async function lookup(id: string): Promise<Stored | null> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TRUST_MS) return hit.row;
  const [row] = await db().$queryRaw<Stored[]>`
    select id, name, role::text as role, secret_hash, brand_ids::text[] as brand_ids, revoked_at from api_keys where id = ${id}::uuid`;
  // Only keys that exist are remembered: made-up ids must not grow this map.
  if (row) {
    if (cache.size > 10_000) cache.clear();
    cache.set(id, { row, at: Date.now() });
  }
  return row ?? null;
}

/** Drops a key from this process's cache (it was just revoked here: refuse it from the next request). */
export function forget(keyId: string): void {
  cache.delete(keyId);
}

/** Is this key still good? (open subscriptions are re-checked with this every second) */
export async function stillValid(keyIds: string[]): Promise<Set<string>> {
  if (keyIds.length === 0) return new Set();
  const rows = await db().$queryRaw<{ id: string }[]>`select id from api_keys where id = any(${keyIds}::uuid[]) and revoked_at is null`;
  return new Set(rows.map((r) => r.id));
}

function touch(id: string): void {
  const last = touched.get(id) ?? 0;
  if (Date.now() - last < TOUCH_MS) return;
  touched.set(id, Date.now());
  touchKey(db(), id, new Date()).catch((error: unknown) => logger.warn({ err: error }, 'could not record lastUsedAt'));
}

function sameText(a: string, b: string): boolean {
  const x = hashSecret(a);
  const y = hashSecret(b);
  return timingSafeEqual(x, y);
}

// Per key and process: a token bucket refilled at ratePerSecond, holding a second's worth.
const buckets = new Map<string, { tokens: number; at: number }>();

/** false when the key has used up its rate; BUDGET_ADMIN_KEY is exempt. */
export function withinRate(principal: Principal): boolean {
  if (principal.exempt || !principal.keyId) return true;
  const now = performance.now();
  const rate = settings.ratePerSecond;
  const b = buckets.get(principal.keyId) ?? { tokens: rate, at: now };
  b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1_000) * rate);
  b.at = now;
  buckets.set(principal.keyId, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

/**
 * The HTTP side of authentication, for Yoga (GraphQL, SSE and the REST bridge): a wrong or revoked
 * key is refused with 401 before anything runs; a key over its rate with 429. A request without a
 * key goes on, and only open fields (health) answer it.
 */
export function useApiKeys(): import('graphql-yoga').Plugin & { principalOf(request: Request): Principal | null } {
  const principals = new WeakMap<Request, Principal | null>();
  const refuse = (status: number, code: string, message: string) =>
    new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}) },
    });
  return {
    principalOf: (request) => principals.get(request) ?? null,
    async onRequest({ request, endResponse }) {
      let principal: Principal | null;
      try {
        principal = await authenticate(bearer(request.headers.get('authorization')));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        endResponse(refuse(401, 'UNAUTHENTICATED', error.message));
        return;
      }
      if (principal && !withinRate(principal)) {
        endResponse(refuse(429, 'RATE_LIMITED', `rate limit: at most ${settings.ratePerSecond} requests per second for this key`));
        return;
      }
      principals.set(request, principal);
    },
  };
}
