// Ad accounts: connect one to a brand, replace its credentials, disconnect it; the helpers the
// import of its campaigns shares (importCampaigns.ts). Each call to a platform happens before the
// transaction that writes what it answered: a slow platform never holds a brand's lock (nor a
// connection), and a refusal writes nothing. Credentials are sealed (secrets.ts) before they reach
// a statement and never leave in an answer, an error or an audit entry (the trail records that
// they changed, never what they are).
import { Prisma } from '../db/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { DomainError, parseId, quote } from '../domain/errors.ts';
import { assertMayAct, type Scope } from '../domain/scope.ts';
import { sameTimeZone } from '../domain/time.ts';
import { audit, type AuditAction } from '../engine/audit.ts';
import { lockBrand, type BrandRow } from '../engine/brands.ts';
import { describe } from './accountRow.ts';
import { checkCredentials, clientFor, parseExternalAccountId } from './clients.ts';
import { CredentialsUnreadable, openCredentials, requireSecretKey, sealCredentials } from './secrets.ts';
import { AD_PLATFORMS, PlatformError, type AccountInfo, type AdPlatform, type Credentials, type PlatformSettings } from './types.ts';

/** What the platform calls need: the settings, and BUDGET_SECRET_KEY's key (null: unset). */
export interface PlatformAccess {
  platforms: PlatformSettings;
  secretKey: Buffer | null;
}

export interface ConnectAdAccountInput {
  brandId: string;
  platform: string;
  externalAccountId: string;
  credentials: Credentials;
}

/** An account as the engine answers it: every column but the credentials. */
export interface AdAccountRow {
  id: string;
  brandId: string;
  platform: AdPlatform;
  externalAccountId: string;
  name: string;
  currency: string;
  timeZone: string;
  status: string;
  lastError: string | null;
}

const COLUMNS = Prisma.sql`id, brand_id as "brandId", platform::text, external_account_id as "externalAccountId", name, currency,
  time_zone as "timeZone", status, last_error as "lastError"`;

export function parsePlatform(value: unknown, field = 'platform'): AdPlatform {
  if (typeof value === 'string' && (AD_PLATFORMS as readonly string[]).includes(value)) return value as AdPlatform;
  throw new DomainError('INVALID_ARGUMENT', `${field} must be one of ${AD_PLATFORMS.join(', ')}; got ${quote(value)}`, field);
}

/**
 * Connects an account: the input checked first, then the platform asked for the account's
 * currency and time zone (outside any transaction), then the row written with the brand locked.
 * Refused, with nothing written: without BUDGET_SECRET_KEY, for an archived brand, an account
 * whose currency or time zone is not the brand's, one the brand has already, or credentials the
 * platform refuses.
 */
export async function connectAdAccount(
  db: Db,
  input: ConnectAdAccountInput,
  scope: Scope,
  at: Date,
  access: PlatformAccess,
): Promise<AdAccountRow> {
  const key = requireSecretKey(access.secretKey);
  const brandId = parseId(input.brandId, 'brandId');
  const platform = parsePlatform(input.platform);
  const externalAccountId = parseExternalAccountId(platform, input.externalAccountId, 'externalAccountId');
  const credentials = credentialsOf(input.credentials);
  checkCredentials(platform, credentials);
  const brand = await readBrand(db, brandId, scope);
  assertNotArchived(brand);
  await assertNotConnected(db, brandId, platform, externalAccountId);
  const info = await readAccount(platform, externalAccountId, credentials, access.platforms);
  return db.$transaction(async (tx) => {
    // the brand as it is now, locked: its time zone may have moved while the platform answered
    const locked = await lockBrand(tx, brandId, scope, 'brandId');
    assertNotArchived(locked);
    assertSameDays(info, locked);
    const [account] = await tx.$queryRaw<AdAccountRow[]>`
      insert into ad_accounts (brand_id, platform, external_account_id, name, currency, time_zone, credentials, created_at, updated_at)
      values (${brandId}::uuid, ${platform}::ad_platform, ${externalAccountId}, ${info.name}, ${info.currency}, ${info.timeZone},
              ${sealCredentials(credentials, key)}, ${at}, ${at})
      on conflict do nothing
      returning ${COLUMNS}`;
    // connected meanwhile, here or to another brand
    if (!account) throw (await connectedAlready(tx, brandId, platform, externalAccountId))!;
    await audit(tx, scope, entry('adAccount.connect', account, null, snapshot(account)), at);
    return account;
  });
}

/**
 * New credentials for an account (a token expired or was revoked): checked against the platform
 * (it must answer for this very account) before they are stored. The account is ACTIVE again, its
 * last error and circuit breaker cleared: the next sync calls the platform at once.
 */
export async function updateAdAccountCredentials(
  db: Db,
  id: string,
  input: Credentials,
  scope: Scope,
  at: Date,
  access: PlatformAccess,
): Promise<AdAccountRow> {
  const key = requireSecretKey(access.secretKey);
  const before = await readAccountRow(db, parseId(id), scope);
  const credentials = credentialsOf(input);
  checkCredentials(before.platform, credentials);
  const info = await readAccount(before.platform, before.externalAccountId, credentials, access.platforms);
  return db.$transaction(async (tx) => {
    const locked = await lockAccount(tx, before.id, scope);
    const [account] = await tx.$queryRaw<AdAccountRow[]>`
      update ad_accounts
         set credentials = ${sealCredentials(credentials, key)}, name = ${info.name}, status = 'ACTIVE', last_error = null,
             consecutive_failures = 0, breaker_open_until = null, updated_at = ${at}
       where id = ${locked.id}::uuid
      returning ${COLUMNS}`;
    await audit(
      tx,
      scope,
      // that they changed, never what they are
      entry(
        'adAccount.credentials',
        account!,
        { ...snapshot(locked), credentials: 'the previous ones' },
        { ...snapshot(account!), credentials: 'new ones, accepted by the platform' },
      ),
      at,
    );
    return account!;
  });
}

/**
 * Removes the account and its credentials. Its campaigns stay, unlinked (their spend is no longer
 * read, their state no longer applied there); its cost snapshots and events stay as history.
 */
export async function disconnectAdAccount(tx: Tx, id: string, scope: Scope, at: Date): Promise<AdAccountRow> {
  const account = await lockAccount(tx, parseId(id), scope);
  const linked = await linkedCount(tx, account.id);
  await tx.$executeRaw`delete from ad_accounts where id = ${account.id}::uuid`;
  await audit(tx, scope, entry('adAccount.disconnect', account, { ...snapshot(account), linkedCampaigns: linked }, null), at);
  return account;
}

export async function linkedCount(tx: Tx, accountId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`select count(*)::int as n from campaigns where ad_account_id = ${accountId}::uuid`;
  return row!.n;
}

/** The credentials as given: the three known fields, blanks dropped; a manager's id as Google's UI shows it (123-456-7890) without its dashes. */
function credentialsOf(input: Credentials | null | undefined): Credentials {
  const pick = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  return {
    refreshToken: pick(input?.refreshToken),
    accessToken: pick(input?.accessToken),
    loginCustomerId: pick(input?.loginCustomerId)?.replace(/^([0-9]{3})-([0-9]{3})-([0-9]{4})$/, '$1$2$3') ?? null,
  };
}

/** An account's stored credentials, opened with this process's key. */
export async function storedCredentials(db: Db, id: string, key: Buffer): Promise<Credentials> {
  const [row] = await db.$queryRaw<{ credentials: Uint8Array }[]>`select credentials from ad_accounts where id = ${id}::uuid`;
  if (!row) throw new DomainError('NOT_FOUND', `no ad account with id ${id}`, 'adAccountId');
  try {
    return openCredentials(row.credentials, key);
  } catch (error) {
    if (error instanceof CredentialsUnreadable) throw new DomainError('NOT_CONFIGURED', error.message, 'adAccountId');
    throw error;
  }
}

/** The platform's account, read with these credentials: its currency, time zone and name. */
function readAccount(
  platform: AdPlatform,
  externalAccountId: string,
  credentials: Credentials,
  settings: PlatformSettings,
): Promise<AccountInfo> {
  // a refresh token is exchanged with the OAuth client it was issued to: without one, say which settings
  if (platform === 'GOOGLE_ADS' && credentials.refreshToken && !(settings.google.clientId && settings.google.clientSecret)) {
    throw new DomainError(
      'NOT_CONFIGURED',
      'this service has no GOOGLE_ADS_CLIENT_ID and GOOGLE_ADS_CLIENT_SECRET: a refresh token can only be used with the OAuth client it was issued to (set both and restart)',
      'credentials.refreshToken',
    );
  }
  return call(platform, () => clientFor(platform, externalAccountId, credentials, settings).readAccount(), credentials);
}

/**
 * A platform call whose failure becomes the caller's error: PLATFORM_AUTH when the credentials are
 * refused or do not reach the account, PLATFORM_ERROR otherwise, in the platform's own words (any
 * credential in them blanked: some platforms echo what they were sent).
 */
export async function call<T>(platform: AdPlatform, fn: () => Promise<T>, credentials?: Credentials): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    const words = redact(error.message, credentials);
    const name = describe(platform);
    switch (error.kind) {
      case 'AUTH':
        throw new DomainError('PLATFORM_AUTH', `${name} refused the credentials: ${words}`, 'credentials');
      case 'PERMISSION':
        throw new DomainError('PLATFORM_AUTH', `${name} says these credentials may not use this account: ${words}`, 'credentials');
      case 'INVALID':
        throw new DomainError('PLATFORM_ERROR', `${name} refused the request: ${words}`, 'externalAccountId');
      default:
        throw new DomainError(
          'PLATFORM_ERROR',
          `${name} did not answer as it should (${error.kind.toLowerCase()}): ${words}; try again shortly`,
        );
    }
  }
}

function redact(text: string, credentials?: Credentials): string {
  let out = text;
  for (const value of [credentials?.refreshToken, credentials?.accessToken]) if (value) out = out.split(value).join('[redacted]');
  return out;
}

/** §9: the account's days must be the brand's days. */
function assertSameDays(info: AccountInfo, brand: BrandRow): void {
  if (info.currency === brand.currency && sameTimeZone(info.timeZone, brand.timezone)) return;
  throw new DomainError(
    'INVALID_ARGUMENT',
    `the account's currency is ${info.currency} and its time zone ${info.timeZone}; the brand's are ${brand.currency} and ${brand.timezone}: its days would not be the brand's days (connect it to a brand in ${info.currency} and ${info.timeZone})`,
    'externalAccountId',
  );
}

export function assertNotArchived(brand: Pick<BrandRow, 'archivedAt'>, field = 'brandId'): void {
  if (brand.archivedAt) throw new DomainError('ARCHIVED', 'the brand is archived: unarchive it before connecting or importing', field);
}

/**
 * Refused when the account is connected already: to this brand, or to another (its spend would
 * count toward both brands). The other brand is not named: the caller's key may not see it.
 */
async function assertNotConnected(db: Db, brandId: string, platform: AdPlatform, externalAccountId: string): Promise<void> {
  const refusal = await connectedAlready(db, brandId, platform, externalAccountId);
  if (refusal) throw refusal;
}

async function connectedAlready(db: Db | Tx, brandId: string, platform: AdPlatform, externalAccountId: string): Promise<DomainError | null> {
  const [row] = await db.$queryRaw<{ brand_id: string }[]>`
    select brand_id from ad_accounts where platform = ${platform}::ad_platform and external_account_id = ${externalAccountId}`;
  if (!row) return null;
  const where =
    row.brand_id === brandId
      ? 'the brand has it connected already (updateAdAccountCredentials replaces its credentials)'
      : "another brand has it connected: an account's spend counts toward one brand only (disconnect it there first)";
  return new DomainError('DUPLICATE_EXTERNAL_REF', `${describe(platform)} account ${externalAccountId}: ${where}`, 'externalAccountId');
}

/** The brand, without a lock (before a platform call): NOT_FOUND, or FORBIDDEN outside the scope. */
async function readBrand(db: Db, brandId: string, scope: Scope): Promise<Pick<BrandRow, 'id' | 'archivedAt'>> {
  const [brand] = await db.$queryRaw<Pick<BrandRow, 'id' | 'archivedAt'>[]>`
    select id, archived_at as "archivedAt" from brands where id = ${brandId}::uuid`;
  if (!brand) throw new DomainError('NOT_FOUND', `no brand with id ${brandId}`, 'brandId');
  assertMayAct(scope, brand.id, 'brandId');
  return brand;
}

/** The account, without a lock (before a platform call): NOT_FOUND, or FORBIDDEN outside the scope. */
export async function readAccountRow(db: Db | Tx, id: string, scope: Scope, field = 'id'): Promise<AdAccountRow> {
  const [account] = await db.$queryRaw<AdAccountRow[]>`select ${COLUMNS} from ad_accounts where id = ${id}::uuid`;
  if (!account) throw new DomainError('NOT_FOUND', `no ad account with id ${id}`, field);
  assertMayAct(scope, account.brandId, field);
  return account;
}

/** Locks the account's brand (writers lock brands first), then reads the account. */
export async function lockAccount(tx: Tx, id: string, scope: Scope, field = 'id'): Promise<AdAccountRow> {
  const { brandId } = await readAccountRow(tx, id, scope, field);
  await lockBrand(tx, brandId, scope, field);
  const account = await readAccountRow(tx, id, scope, field); // disconnected meanwhile: NOT_FOUND
  return account;
}

export function entry(action: AuditAction, account: AdAccountRow, before: object | null, after: object | null) {
  return { action, targetType: 'AdAccount', targetId: account.id, brandId: account.brandId, before, after };
}

/** What the audit trail records of an account: never its credentials. */
function snapshot(a: AdAccountRow) {
  return {
    platform: a.platform,
    externalAccountId: a.externalAccountId,
    name: a.name,
    currency: a.currency,
    timeZone: a.timeZone,
    status: a.status,
    lastError: a.lastError,
  };
}
