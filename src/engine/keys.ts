// API keys: `bk_<id>_<secret>`. Only the SHA-256 of the secret is stored; the key itself is shown
// once, at creation. Creation and revocation are audited.
import { hash, randomBytes, randomUUID } from 'node:crypto';
import { Prisma } from '../db/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { translateDbError } from '../db/errors.ts';
import { DomainError, parseId, quote } from '../domain/errors.ts';
import { parseName, parseText } from '../domain/validate.ts';
import { ApiKeyRole } from '../db/generated/prisma/enums.ts';
import { SYSTEM, type Role, type Scope } from '../domain/scope.ts';
import { audit } from './audit.ts';

export const ROLES = Object.values(ApiKeyRole) as readonly Role[];

export interface KeyRow {
  id: string;
  name: string;
  role: Role;
  brandIds: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const KEY = /^bk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export function hashSecret(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/** "bk_<id>_<secret>" → its parts, or null when it is not shaped like a key. */
export function parseKey(token: string): { id: string; secret: string } | null {
  const m = KEY.exec(token);
  if (!m) return null;
  const hex = m[1]!;
  return { id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, secret: m[2]! };
}

export function parseRole(value: unknown): Role {
  if (typeof value === 'string' && (ROLES as readonly string[]).includes(value)) return value as Role;
  throw new DomainError('INVALID_ARGUMENT', `role must be one of ${ROLES.join(', ')}; got ${quote(value)}`, 'role');
}

const COLUMNS = Prisma.sql`id, name, role::text as role, brand_ids::text[] as "brandIds", created_at as "createdAt",
  last_used_at as "lastUsedAt", revoked_at as "revokedAt"`;

export async function createKey(
  tx: Tx,
  input: { name: string; role: string; brandIds?: string[] | null },
  scope: Scope,
  at: Date,
): Promise<{ key: KeyRow; token: string }> {
  const name = parseName(input.name);
  const role = parseRole(input.role);
  const brandIds = [...new Set((input.brandIds ?? []).map((b) => parseId(b, 'brandIds')))];
  if (role === 'admin' && brandIds.length) {
    throw new DomainError('INVALID_ARGUMENT', 'an admin key manages keys for every brand: it cannot be limited to some', 'brandIds');
  }
  if (brandIds.length) {
    const found = await tx.$queryRaw<{ id: string }[]>`select id from brands where id = any(${brandIds}::uuid[])`;
    const missing = brandIds.filter((b) => !found.some((f) => f.id === b));
    if (missing.length) throw new DomainError('NOT_FOUND', `no brand with id ${missing[0]}`, 'brandIds');
  }
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  const [key] = await tx.$queryRaw<KeyRow[]>`
    insert into api_keys (id, name, role, secret_hash, brand_ids, created_at, updated_at)
    values (${id}::uuid, ${name}, ${role}::api_key_role, ${hashSecret(secret)}, ${brandIds}::uuid[], ${at}, ${at})
    returning ${COLUMNS}`.catch(translateDbError);
  await audit(tx, scope, { action: 'key.create', targetType: 'ApiKey', targetId: id, after: keySnapshot(key!) }, at);
  return { key: key!, token: `bk_${id.replaceAll('-', '')}_${secret}` };
}

export async function listKeys(db: Db | Tx): Promise<KeyRow[]> {
  return db.$queryRaw<KeyRow[]>`select ${COLUMNS} from api_keys order by created_at, name`;
}

/** By id or name. Revoking a revoked key changes nothing. */
export async function revokeKey(tx: Tx, idOrName: string, scope: Scope, at: Date): Promise<KeyRow> {
  parseText(idOrName, 'id', { min: 1, max: 200 });
  const byId = /^[0-9a-f-]{36}$/i.test(idOrName);
  const where = byId ? Prisma.sql`id = ${idOrName}::uuid` : Prisma.sql`name = ${idOrName}`;
  const [key] = await tx.$queryRaw<KeyRow[]>`select ${COLUMNS} from api_keys where ${where} for update`;
  if (!key) throw new DomainError('NOT_FOUND', `no API key with ${byId ? 'id' : 'name'} ${quote(idOrName)}`, 'id');
  if (key.revokedAt) return key;
  await tx.$executeRaw`update api_keys set revoked_at = ${at}, updated_at = ${at} where id = ${key.id}::uuid`;
  const revoked = { ...key, revokedAt: at };
  await audit(
    tx,
    scope,
    { action: 'key.revoke', targetType: 'ApiKey', targetId: key.id, before: keySnapshot(key), after: keySnapshot(revoked) },
    at,
  );
  return revoked;
}

/** What the audit trail records of a key: never its secret (nor its hash). */
function keySnapshot(k: Pick<KeyRow, 'name' | 'role' | 'brandIds' | 'revokedAt'>) {
  return { name: k.name, role: k.role, brandIds: k.brandIds, revoked: k.revokedAt !== null };
}

/** The first start on an empty key table makes an admin key; its token is returned to be shown once. */
export async function ensureAdminKey(db: Db, at: Date): Promise<string | null> {
  return db.$transaction(async (tx) => {
    // Two processes starting at once: the lock makes the second see the first's key.
    await tx.$executeRaw`select take_admin_key_lock()`;
    const [any] = await tx.$queryRaw<unknown[]>`select 1 from api_keys limit 1`;
    if (any) return null;
    return (await createKey(tx, { name: 'admin', role: 'admin' }, SYSTEM, at)).token;
  });
}

/**
 * Records that a key was used. At most once a minute: the guard is in the statement, so
 * processes that each throttle on their own still write a key's row at most once a minute together.
 */
export async function touchKey(db: Db, keyId: string, at: Date): Promise<void> {
  await db.$executeRaw`
    update api_keys set last_used_at = ${at}
     where id = ${keyId}::uuid and (last_used_at is null or last_used_at < ${at}::timestamptz - interval '1 minute')`;
}
