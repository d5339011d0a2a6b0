// Brands: create (one or many), update, archive, delete, pause and resume all its campaigns. Budget and timezone changes re-apply the
// desired state to the brand's campaigns in the same transaction (BUDGET_CHANGE), and check its
// alert thresholds (a changed list too). An archived brand is hidden from lists and its campaigns
// stopped (PAUSED / MANUAL: only an operator's resume leaves it, and that is refused while the
// brand is archived), its history kept.
import { Prisma } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { translateDbError } from '../db/errors.ts';
import { checks, DomainError, parseId, quote } from '../domain/errors.ts';
import { formatMoneyOrNull, parseBudget, scanMoney } from '../domain/money.ts';
import { assertMayAct, type Scope } from '../domain/scope.ts';
import { sameTimeZone } from '../domain/time.ts';
import { parseCurrency, parseName, parseThresholds } from '../domain/validate.ts';
import { audit, type AuditAction, type AuditInput } from './audit.ts';
import { pauseAll, resumeAll, type BulkOutcome } from './campaigns.ts';
import type { StatusChange } from './events.ts';
import { lockBrands, reconcile } from './reconcile.ts';
import { assertTimezone } from './timezones.ts';

/** As the API received it: the engine parses every field, naming it when it refuses one. */
export interface CreateBrandInput {
  name: string;
  currency?: string | null;
  timezone?: unknown;
  dailyBudget?: unknown;
  monthlyBudget?: unknown;
  /** percents of each budget at which an alert fires; default [80, 95] */
  alertThresholds?: unknown;
}

export interface UpdateBrandInput {
  name?: string | null;
  currency?: string | null;
  timezone?: unknown;
  /** undefined = unchanged; null = no limit */
  dailyBudget?: unknown;
  monthlyBudget?: unknown;
  alertThresholds?: unknown;
  /** what a campaign held paused that runs on its ad platform gets: REPAUSE or REPORT */
  driftPolicy?: string | null;
}

/** REPAUSE: a campaign held paused found running on its platform is paused again; REPORT: an event and an alert only. */
export const DRIFT_POLICIES = ['REPAUSE', 'REPORT'] as const;
export type DriftPolicy = (typeof DRIFT_POLICIES)[number];

export interface BrandRow {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  dailyBudget: bigint | null;
  monthlyBudget: bigint | null;
  alertThresholds: number[];
  driftPolicy: DriftPolicy;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Alert thresholds of a new brand (also the column's default, for rows written around the engine). */
const DEFAULT_THRESHOLDS = [80, 95];

const COLUMNS = Prisma.sql`id, name, currency, timezone, daily_budget as "dailyBudget", monthly_budget as "monthlyBudget",
  alert_thresholds as "alertThresholds", drift_policy as "driftPolicy", archived_at as "archivedAt", created_at as "createdAt", updated_at as "updatedAt"`;

export async function createBrand(tx: Tx, input: CreateBrandInput, scope: Scope, at: Date): Promise<BrandRow> {
  return (await createBrands(tx, [input], scope, at))[0]!;
}

/** Many brands in one statement (the seed); a brand has no campaigns yet, so nothing to reconcile. */
export async function createBrands(tx: Tx, inputs: CreateBrandInput[], scope: Scope, at: Date): Promise<BrandRow[]> {
  if (scope.brandIds) throw new DomainError('FORBIDDEN', 'a key limited to some brands cannot create brands');
  const rows = [];
  for (const input of inputs) {
    // every field is checked before any refusal: one answer names each wrong field
    const { check, checkAsync, done } = checks();
    const currency: string | undefined = input.currency == null ? 'USD' : check(() => parseCurrency(input.currency));
    const row = {
      name: check(() => parseName(input.name)),
      currency: currency!,
      timezone: input.timezone == null ? 'UTC' : await checkAsync(() => assertTimezone(tx, input.timezone)),
      dailyBudget: check(() => budgetIn(input.dailyBudget, 'dailyBudget', currency)),
      monthlyBudget: check(() => budgetIn(input.monthlyBudget, 'monthlyBudget', currency)),
      alertThresholds: input.alertThresholds == null ? DEFAULT_THRESHOLDS : check(() => parseThresholds(input.alertThresholds)),
    };
    done();
    rows.push(row);
  }
  if (rows.length === 0) return [];
  const brands = await tx.$queryRaw<BrandRow[]>`
    insert into brands (name, currency, timezone, daily_budget, monthly_budget, alert_thresholds, created_at, updated_at)
    select x.name, x.currency, x.timezone, x.daily_budget, x.monthly_budget, t.alert_thresholds, ${at}, ${at}
      from unnest(${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.currency)}::text[], ${rows.map((r) => r.timezone)}::text[],
                  ${rows.map((r) => r.dailyBudget)}::bigint[], ${rows.map((r) => r.monthlyBudget)}::bigint[],
                  ${rows.map((r) => JSON.stringify(r.alertThresholds))}::text[])
           with ordinality as x(name, currency, timezone, daily_budget, monthly_budget, thresholds, n)
     cross join lateral (select array(select json_array_elements_text(x.thresholds::json)::int) as alert_thresholds) t
     order by x.n
    returning ${COLUMNS}`.catch(translateDbError);
  await audit(
    tx,
    scope,
    brands.map((b) => entry('brand.create', null, b)),
    at,
  );
  return brands;
}

/** Locks the brand (writers lock the brands they act on, in id order), then reads it; FORBIDDEN outside the scope. */
export async function lockBrand(tx: Tx, id: string, scope: Scope, field = 'id'): Promise<BrandRow> {
  const brandId = parseId(id, field);
  await lockBrands(tx, [brandId]);
  const [brand] = await tx.$queryRaw<BrandRow[]>`select ${COLUMNS} from brands where id = ${brandId}::uuid`;
  if (!brand) throw new DomainError('NOT_FOUND', `no brand with id ${brandId}`, field);
  assertMayAct(scope, brand.id, field);
  return brand;
}

export async function updateBrand(
  tx: Tx,
  id: string,
  input: UpdateBrandInput,
  scope: Scope,
  at: Date,
): Promise<{ brand: BrandRow; statusChanges: StatusChange[] }> {
  const before = await lockBrand(tx, id, scope);
  // every field is checked before any refusal: one answer names each wrong field
  const { check, checkAsync, done } = checks();
  const currency: string | undefined = input.currency == null ? before.currency : check(() => parseCurrency(input.currency));
  if (currency !== undefined && currency !== before.currency) {
    check(() => {
      throw new DomainError('INVALID_ARGUMENT', `currency is fixed at creation (${before.currency}): no conversion anywhere`, 'currency');
    });
  }
  const next = {
    name: input.name == null ? before.name : check(() => parseName(input.name)),
    timezone: input.timezone == null ? before.timezone : await checkAsync(() => assertTimezone(tx, input.timezone)),
    dailyBudget: check(() => nextBudget(input.dailyBudget, 'dailyBudget', before.currency, before.dailyBudget)),
    monthlyBudget: check(() => nextBudget(input.monthlyBudget, 'monthlyBudget', before.currency, before.monthlyBudget)),
    alertThresholds: input.alertThresholds == null ? before.alertThresholds : check(() => parseThresholds(input.alertThresholds)),
    driftPolicy: input.driftPolicy == null ? before.driftPolicy : check(() => parseDriftPolicy(input.driftPolicy!)),
  };
  done();
  if (next.timezone !== before.timezone) await assertAccountsKeepDays(tx, before.id, next.timezone);
  const changed = JSON.stringify(brandSnapshot(before)) !== JSON.stringify(brandSnapshot({ ...before, ...next }));
  if (!changed) return { brand: before, statusChanges: [] };
  const [brand] = await tx.$queryRaw<BrandRow[]>`
    update brands set name = ${next.name}, timezone = ${next.timezone}, daily_budget = ${next.dailyBudget},
                      monthly_budget = ${next.monthlyBudget}, alert_thresholds = ${next.alertThresholds}::int[],
                      drift_policy = ${next.driftPolicy}, updated_at = ${at}
     where id = ${before.id}::uuid
    returning ${COLUMNS}`.catch(translateDbError);
  await audit(tx, scope, entry('brand.update', before, brand!), at);
  const rulesMoved =
    next.timezone !== before.timezone || next.dailyBudget !== before.dailyBudget || next.monthlyBudget !== before.monthlyBudget;
  // reconcile_campaigns checks the thresholds too; a new list alone only needs them checked
  const statusChanges = rulesMoved
    ? (await reconcile(tx, { task: 'ALL', trigger: 'BUDGET_CHANGE', actor: scope.actor, at, brandIds: [before.id] })).changes
    : [];
  if (!rulesMoved && next.alertThresholds.join() !== before.alertThresholds.join()) {
    await tx.$executeRaw`select check_budget_alerts(${at}::timestamptz, ${[before.id]}::uuid[], 'BUDGET_CHANGE', ${scope.actor})`;
  }
  return { brand: brand!, statusChanges };
}

function parseDriftPolicy(value: string): DriftPolicy {
  if ((DRIFT_POLICIES as readonly string[]).includes(value)) return value as DriftPolicy;
  throw new DomainError('INVALID_ARGUMENT', `driftPolicy must be one of ${DRIFT_POLICIES.join(', ')}; got ${quote(value)}`, 'driftPolicy');
}

/** §9: a brand's ad accounts keep its days; a new time zone that is not theirs is refused while they are connected. */
async function assertAccountsKeepDays(tx: Tx, brandId: string, timezone: string): Promise<void> {
  const accounts = await tx.$queryRaw<{ platform: string; externalAccountId: string; timeZone: string }[]>`
    select platform::text, external_account_id as "externalAccountId", time_zone as "timeZone" from ad_accounts where brand_id = ${brandId}::uuid`;
  const other = accounts.find((a) => !sameTimeZone(a.timeZone, timezone));
  if (other) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `the brand's ad account ${other.externalAccountId} (${other.platform}) keeps ${other.timeZone} days: the brand's time zone cannot leave them while it is connected (disconnect it first)`,
      'timezone',
    );
  }
}

/**
 * A budget as given (undefined: unchanged). One that restates the budget as it is stays, even one
 * recorded before units were per currency and finer than its unit (cents of yen): a client may
 * send back what it read. Any other must be in the currency's unit.
 */
/** A new brand's budget in its currency's unit; its currency refused, a well-formed amount at least. */
function budgetIn(value: unknown, field: string, currency: string | undefined): bigint | null {
  if (currency !== undefined) return parseBudget(value, field, currency);
  if (value != null) scanMoney(value, field);
  return null;
}

function nextBudget(value: unknown, field: string, currency: string, current: bigint | null): bigint | null {
  if (value === undefined) return current;
  if (value !== null && current !== null && scanMoney(value, field, currency).amount === current) return current;
  return parseBudget(value, field, currency);
}

/** Hidden from lists, every campaign PAUSED / MANUAL (each pause audited), its history kept; archiving an archived brand changes nothing. */
export async function archiveBrand(
  tx: Tx,
  id: string,
  scope: Scope,
  at: Date,
): Promise<{ brand: BrandRow; statusChanges: StatusChange[] }> {
  const before = await lockBrand(tx, id, scope);
  if (before.archivedAt) return { brand: before, statusChanges: [] };
  const { statusChanges } = await pauseAll(tx, before.id, scope, at);
  return { brand: await setArchived(tx, before, true, scope, at), statusChanges };
}

/** "Pause all": every campaign of the brand (archived ones aside) PAUSED / MANUAL; those paused by an operator already are left as they are. */
export async function pauseBrand(tx: Tx, id: string, scope: Scope, at: Date): Promise<BulkOutcome> {
  const brand = await lockBrand(tx, id, scope);
  return pauseAll(tx, brand.id, scope, at);
}

/** "Resume all": every campaign of the brand an operator paused (archived ones aside) resumed; ARCHIVED for an archived brand. */
export async function resumeBrand(tx: Tx, id: string, scope: Scope, at: Date): Promise<BulkOutcome> {
  const brand = await lockBrand(tx, id, scope);
  if (brand.archivedAt) throw new DomainError('ARCHIVED', 'the brand is archived: unarchive it before resuming its campaigns', 'id');
  return resumeAll(tx, brand.id, scope, at);
}

/** Shown in lists again; its campaigns stay PAUSED / MANUAL until an operator resumes them. */
export async function unarchiveBrand(tx: Tx, id: string, scope: Scope, at: Date): Promise<BrandRow> {
  const before = await lockBrand(tx, id, scope);
  if (!before.archivedAt) return before;
  return setArchived(tx, before, false, scope, at);
}

async function setArchived(tx: Tx, before: BrandRow, archived: boolean, scope: Scope, at: Date): Promise<BrandRow> {
  const [brand] = await tx.$queryRaw<BrandRow[]>`
    update brands set archived_at = ${archived ? at : null}, updated_at = ${at} where id = ${before.id}::uuid returning ${COLUMNS}`;
  await audit(tx, scope, entry(archived ? 'brand.archive' : 'brand.unarchive', before, brand!), at);
  return brand!;
}

/** Deletion: a brand any of whose campaigns has spends cannot be deleted (archive it); otherwise its campaigns and windows go with it. */
export async function deleteBrand(tx: Tx, id: string, scope: Scope, at: Date): Promise<BrandRow> {
  const brand = await lockBrand(tx, id, scope);
  const [spend] = await tx.$queryRaw<unknown[]>`select 1 from spends where brand_id = ${brand.id}::uuid limit 1`;
  if (spend) {
    throw new DomainError('HAS_SPEND_HISTORY', 'the brand has spends and cannot be deleted: archive it instead (archiveBrand)', 'id');
  }
  await tx.$executeRaw`delete from brands where id = ${brand.id}::uuid`;
  await audit(tx, scope, entry('brand.delete', brand, null), at);
  return brand;
}

/** A brand's audit entry: its snapshot before and after (a creation has no before, a deletion no after). */
function entry(action: AuditAction, before: BrandRow | null, after: BrandRow | null): AuditInput {
  const id = (before ?? after)!.id;
  return {
    action,
    targetType: 'Brand',
    targetId: id,
    brandId: id,
    before: before && brandSnapshot(before),
    after: after && brandSnapshot(after),
  };
}

/** What the audit trail records of a brand: money as Money strings. */
function brandSnapshot(
  b: Pick<BrandRow, 'name' | 'currency' | 'timezone' | 'dailyBudget' | 'monthlyBudget' | 'alertThresholds' | 'driftPolicy' | 'archivedAt'>,
) {
  return {
    name: b.name,
    currency: b.currency,
    timezone: b.timezone,
    dailyBudget: formatMoneyOrNull(b.dailyBudget, b.currency),
    monthlyBudget: formatMoneyOrNull(b.monthlyBudget, b.currency),
    alertThresholds: b.alertThresholds,
    driftPolicy: b.driftPolicy,
    archived: b.archivedAt !== null,
  };
}
