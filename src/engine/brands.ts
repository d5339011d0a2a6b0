// Brands: create, read figures. Budget and timezone changes re-apply the desired state.
import type { Tx } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import { translateDbError } from '../db/errors.ts';
import { formatMoneyOrNull, parseMoney, type Cents } from '../domain/money.ts';
import { parseCurrency, parseName } from '../domain/validate.ts';
import { audit, type Actor } from './audit.ts';
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
    returning id, name, currency, timezone, daily_budget as "dailyBudget", monthly_budget as "monthlyBudget",
              created_at as "createdAt", updated_at as "updatedAt"`.catch(translateDbError);
  await audit(tx, actor, { action: 'brand.create', targetType: 'Brand', targetId: brand!.id, brandId: brand!.id, after: brandSnapshot(brand!) }, at);
  return brand!;
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

