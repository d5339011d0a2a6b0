// Budget use, exactly: Money strings ("25.50") become integer cents with the service's own parser
// (src/domain/money.ts), and shares are computed on integers. No floating point touches an amount.
import { formatMoney, parseMoney } from '../../src/domain/money.ts';

export const cents = (money: string): bigint => parseMoney(money, 'money');
export { formatMoney };

export type Level = 'ok' | 'warn' | 'over' | 'none';

/** Share of the budget used, in whole per mille (for a bar), and its colour band. */
export function usage(spent: string, budget: string | null): { permille: number; level: Level } {
  if (budget === null) return { permille: 0, level: 'none' };
  const b = cents(budget);
  const s = cents(spent);
  if (b <= 0n) return { permille: 1000, level: 'over' };
  const permille = s <= 0n ? 0 : Number((s * 1000n) / b);
  // green under 80 %, amber 80–99 %, red at budget (spend ≥ budget pauses)
  return { permille, level: s >= b ? 'over' : permille >= 800 ? 'warn' : 'ok' };
}

/** "14.90 left", or "8001.96 over" once spend has passed the budget. */
export function left(spent: string, budget: string): string {
  const rest = cents(budget) - cents(spent);
  return rest >= 0n ? `${formatMoney(rest)} left` : `${formatMoney(-rest)} over`;
}
