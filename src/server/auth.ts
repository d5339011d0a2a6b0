// Who is asking: `Authorization: Bearer bk_<id>_<secret>` (or the connection-init payload on a
// WebSocket). Keys are looked up by id and the SHA-256 of the secret compared in constant time.
// A lookup is trusted for at most a second, so a revoked key is refused by every process within
// one; lastUsedAt is written at most once a minute per key and process (and, in SQL, across them).
// Each server makes its own (createAuth): two servers in one process share no keys, cache or limits.
import { timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { unavailable } from '../db/errors.ts';
import type { Db } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import type { Principal, Role } from '../domain/scope.ts';
import { hashSecret, parseKey, touchKey } from '../engine/keys.ts';
import { log } from '../log.ts';
import type { RateLimiter } from './limits.ts';
import { refusal } from './refusal.ts';

const logger = log.child({ module: 'auth' });
const TRUST_MS = 1_000;
const TOUCH_MS = 60_000;
/** Only keys that exist are cached, but a flood of them must not grow the cache without end. */
const MAX_CACHED = 10_000;

interface Stored {
  id: string;
  name: string;
  role: Role;
  secret_hash: Uint8Array;
  brand_ids: string[];
  revoked_at: Date | null;
}

export type ApiKeysPlugin = Plugin & { principalOf(request: Request): Principal | null };

export interface Auth {
  /**
   * null: no key given (only open fields may run). Throws UNAUTHENTICATED for a wrong, unknown or
   * revoked key.
   */
  authenticate(token: string | null): Promise<Principal | null>;
  /** Which of these keys are still good? (open subscriptions are re-checked with this every second) */
  stillValid(keyIds: readonly string[]): Promise<Set<string>>;
  /** Drops a key from this cache (it was just revoked here: refuse it from the next request). */
  forget(keyId: string): void;
  /**
   * The HTTP side, for Yoga (GraphQL, SSE and the REST API): a wrong or revoked key is refused
   * with 401 before anything runs; a key over its rate with 429. A request without a key goes on,
   * and only open fields (health) answer it.
   */
  plugin(limiter: RateLimiter): ApiKeysPlugin;
}

export const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/**
 * The key in an Authorization value: `Bearer <key>`, or `Token <key>` as Django REST Framework's
 * clients send it, the scheme in any case (as HTTP has it). null when none is given; anything else
 * (a bare key, another scheme) is refused, saying how to send it.
 */
export function bearer(header: string | null | undefined): string | null {
  if (!header || !header.trim()) return null;
  const m = /^\s*(?:Bearer|Token)\s+(\S+)\s*$/i.exec(header);
  if (!m)
    throw unauthenticated('send the API key as "Authorization: Bearer bk_…" (the word Bearer, a space, then the key; Token works too)');
  return m[1]!;
}

/** adminKey: BUDGET_ADMIN_KEY (accepted as an admin key, exempt from the rate), or null. */
export function createAuth(options: { adminKey: string | null; db: Db }): Auth {
  const { adminKey, db } = options;
  // hashed once: every key given is compared with it
  const adminHash = adminKey ? hashSecret(adminKey) : null;
  const cache = new Map<string, { row: Stored; at: number }>();
  const touched = new Map<string, number>();

  async function lookup(id: string): Promise<Stored | null> {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < TRUST_MS) return hit.row;
    const [row] = await db.$queryRaw<Stored[]>`
      select id, name, role::text as role, secret_hash, brand_ids::text[] as brand_ids, revoked_at from api_keys where id = ${id}::uuid`;
    // Only keys that exist are remembered: made-up ids must not grow this map.
    if (row) {
      if (cache.size > MAX_CACHED) cache.clear();
      cache.set(id, { row, at: Date.now() });
    }
    return row ?? null;
  }

  // Throttled here too, so a busy key costs one write a minute, not one attempt per request.
  function touch(id: string): void {
    const now = Date.now();
    if (now - (touched.get(id) ?? 0) < TOUCH_MS) return;
    touched.set(id, now);
    touchKey(db, id, new Date(now)).catch((error: unknown) => logger.warn({ err: error }, 'could not record lastUsedAt'));
  }

  const auth: Auth = {
    async authenticate(token) {
      if (!token) return null;
      if (adminHash && timingSafeEqual(hashSecret(token), adminHash)) {
        return { keyId: null, actor: 'BUDGET_ADMIN_KEY', role: 'admin', brandIds: null, exempt: true };
      }
      const parsed = parseKey(token);
      if (!parsed) throw unauthenticated('the API key is malformed: expected bk_<id>_<secret>');
      const row = await lookup(parsed.id);
      if (!row || !timingSafeEqual(Buffer.from(row.secret_hash), hashSecret(parsed.secret))) throw unauthenticated('unknown API key');
      if (row.revoked_at) throw unauthenticated('this API key has been revoked');
      touch(row.id);
      return { keyId: row.id, actor: row.name, role: row.role, brandIds: row.brand_ids.length ? row.brand_ids : null, exempt: false };
    },

    async stillValid(keyIds) {
      if (keyIds.length === 0) return new Set();
      const rows = await db.$queryRaw<{ id: string }[]>`select id from api_keys where id = any(${keyIds}::uuid[]) and revoked_at is null`;
      return new Set(rows.map((r) => r.id));
    },

    forget(keyId) {
      cache.delete(keyId);
    },

    plugin(limiter) {
      const principals = new WeakMap<Request, Principal | null>();
      const refuse = (error: DomainError, request: Request) => {
        const { body, ...init } = refusal(error, new URL(request.url).pathname);
        return new Response(body, init);
      };
      return {
        principalOf: (request) => principals.get(request) ?? null,
        async onRequest({ request, serverContext, endResponse }) {
          // authenticated already where the HTTP server read the body (src/server/app.ts): once per request
          const given = (serverContext as { principal?: Principal | null }).principal;
          let principal: Principal | null;
          try {
            principal = given !== undefined ? given : await auth.authenticate(bearer(request.headers.get('authorization')));
          } catch (error) {
            const refused = error instanceof DomainError ? error : unavailable(error);
            if (!refused) throw error;
            endResponse(refuse(refused, request));
            return;
          }
          const over = principal && overRate(limiter, principal);
          if (over) {
            endResponse(refuse(over, request));
            return;
          }
          principals.set(request, principal);
        },
      };
    },
  };
  return auth;
}

/** RATE_LIMITED when the key has used up its rate (a token is taken when not). */
export function overRate(limiter: RateLimiter, principal: Principal): DomainError | null {
  return limiter.allows(principal)
    ? null
    : new DomainError('RATE_LIMITED', `rate limit: at most ${limiter.ratePerSecond} requests per second for this key`);
}

/** Two secrets compared in constant time. */
export function sameText(a: string, b: string): boolean {
  return timingSafeEqual(hashSecret(a), hashSecret(b));
}
