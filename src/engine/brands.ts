// Brands: create, update, delete. Budget and timezone changes re-apply the desired state to the
// brand's campaigns in the same transaction (BUDGET_CHANGE).
import { Prisma } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { DomainError, parseId } from '../domain/errors.ts';
import { translateDbError } from '../db/errors.ts';
import { formatMoneyOrNull, parseMoney, type Cents } from '../domain/money.ts';
import { parseCurrency, parseName } from '../domain/validate.ts';
import { audit, type Actor } from './audit.ts';
import type { StatusChange } from './events.ts';
import { lockBrands, reconcile } from './reconcile.ts';
import { assertTimezone } from './timezones.ts';

export interface CreateBrandInput {
  name: string;
  currency?: string | null;
  timezone?: string | null;
  dailyBudget?: string | null;
  monthlyBudget?: string | null;
}

export interface BrandRow {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  dailyBudget: bigint | null;
  monthlyBudget: bigint | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function createBrand(tx: Tx, input: CreateBrandInput, actor: Actor, at: Date): Promise<BrandRow> {
  const name = parseName(input.name);
  const currency = input.currency == null ? 'USD' : parseCurrency(input.currency);
  const timezone = input.timezone == null ? 'UTC' : await assertTimezone(tx, input.timezone);
  const dailyBudget = budget(input.dailyBudget, 'dailyBudget');
  const monthlyBudget = budget(input.monthlyBudget, 'monthlyBudget');
  const [brand] = await tx.$queryRaw<BrandRow[]>`
    insert into brands (name, currency, timezone, daily_budget, monthly_budget, created_at, updated_at)
    values (${name}, ${currency}, ${timezone}, ${dailyBudget}, ${monthlyBudget}, ${at}, ${at})
    returning ${COLUMNS}`.catch(translateDbError);
  await audit(
    tx,
    actor,
    { action: 'brand.create', targetType: 'Brand', targetId: brand!.id, brandId: brand!.id, after: brandSnapshot(brand!) },
    at,
  );
  return brand!;
}

export interface UpdateBrandInput {
  name?: string | null;
  currency?: string | null;
  timezone?: string | null;
  /** undefined = unchanged; null = no limit */
  dailyBudget?: string | null;
  monthlyBudget?: string | null;
}

const COLUMNS = Prisma.sql`id, name, currency, timezone, daily_budget as "dailyBudget", monthly_budget as "monthlyBudget",
  created_at as "createdAt", updated_at as "updatedAt"`;

export async function lockBrand(tx: Tx, id: string, field = 'id'): Promise<BrandRow> {
  const brandId = parseId(id, field);
  await lockBrands(tx, [brandId]);
  const [brand] = await tx.$queryRaw<BrandRow[]>`select ${COLUMNS} from brands where id = ${brandId}::uuid`;
  if (!brand) throw new DomainError('NOT_FOUND', `no brand with id ${brandId}`, field);
  return brand;
}

export async function updateBrand(
  tx: Tx,
  id: string,
  input: UpdateBrandInput,
  actor: Actor,
  at: Date,
): Promise<{ brand: BrandRow; statusChanges: StatusChange[] }> {
  const before = await lockBrand(tx, id);
  if (input.currency != null && input.currency !== before.currency) {
    throw new DomainError('INVALID_ARGUMENT', `currency is fixed at creation (${before.currency}): no conversion anywhere`, 'currency');
  }
  const next = {
    name: input.name == null ? before.name : parseName(input.name),
    timezone: input.timezone == null ? before.timezone : await assertTimezone(tx, input.timezone),
    dailyBudget: input.dailyBudget === undefined ? before.dailyBudget : budget(input.dailyBudget, 'dailyBudget'),
    monthlyBudget: input.monthlyBudget === undefined ? before.monthlyBudget : budget(input.monthlyBudget, 'monthlyBudget'),
  };
  const [brand] = await tx.$queryRaw<BrandRow[]>`
    update brands set name = ${next.name}, timezone = ${next.timezone}, daily_budget = ${next.dailyBudget},
                      monthly_budget = ${next.monthlyBudget}, updated_at = ${at}
     where id = ${before.id}::uuid
    returning ${COLUMNS}`.catch(translateDbError);
  const changed = JSON.stringify(brandSnapshot(before)) !== JSON.stringify(brandSnapshot(brand!));
  if (changed) {
    await audit(
      tx,
      actor,
      {
        action: 'brand.update',
        targetType: 'Brand',
        targetId: before.id,
        brandId: before.id,
        before: brandSnapshot(before),
        after: brandSnapshot(brand!),
      },
      at,
    );
  }
  const rulesMoved =
    next.timezone !== before.timezone || next.dailyBudget !== before.dailyBudget || next.monthlyBudget !== before.monthlyBudget;
  const statusChanges = rulesMoved
    ? (await reconcile(tx, { task: 'ALL', trigger: 'BUDGET_CHANGE', actor: actor.name, at, brandIds: [before.id] })).changes
    : [];
  return { brand: brand!, statusChanges };
}

/** §3 Deletion: a brand any of whose campaigns has spends cannot be deleted; otherwise its campaigns and windows go with it. */
export async function deleteBrand(tx: Tx, id: string, actor: Actor, at: Date): Promise<BrandRow> {
  const brand = await lockBrand(tx, id);
  const [spend] = await tx.$queryRaw<unknown[]>`select 1 from spends where brand_id = ${brand.id}::uuid limit 1`;
  if (spend) throw new DomainError('HAS_SPEND_HISTORY', 'the brand has spends and cannot be deleted', 'id');
  await tx.$executeRaw`delete from brands where id = ${brand.id}::uuid`;
  await audit(
    tx,
    actor,
    { action: 'brand.delete', targetType: 'Brand', targetId: brand.id, brandId: brand.id, before: brandSnapshot(brand) },
    at,
  );
  return brand;
}

/** A budget input: null = no limit; otherwise Money ≥ 0. */
export function budget(value: string | null | undefined, field: string): Cents | null {
  if (value == null) return null;
  const cents = parseMoney(value, field);
  if (cents < 0n) throw new DomainError('INVALID_MONEY', `${field} cannot be negative`, field);
  return cents;
}

/** What the audit trail records of a brand: money as Money strings. */
export function brandSnapshot(b: BrandRow) {
  return {
    name: b.name,
    currency: b.currency,
    timezone: b.timezone,
    dailyBudget: formatMoneyOrNull(b.dailyBudget),
    monthlyBudget: formatMoneyOrNull(b.monthlyBudget),
  };
}
