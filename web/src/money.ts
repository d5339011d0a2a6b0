// Budget use, exactly: Money answers ("25.50" USD, "2550" JPY, "25.500" KWD) become Amounts with
// the service's own money module (src/domain/money.ts), and shares are computed on integers. No
// floating point touches an amount; what is shown is written in the brand's currency's unit.
import { amountOf, decimalsOf, formatMoney } from '../../src/domain/money.ts';

export type Level = 'ok' | 'warn' | 'over' | 'none';

/** Share of the budget used, in whole per mille (for a bar), and its colour band. */
export function usage(spent: string, budget: string | null): { permille: number; level: Level } {
  if (budget === null) return { permille: 0, level: 'none' };
  const b = amountOf(budget);
  const s = amountOf(spent);
  if (b <= 0n) return { permille: 1000, level: 'over' };
  const permille = s <= 0n ? 0 : Number((s * 1000n) / b);
  // green under 80 %, amber 80–99 %, red at budget (spend ≥ budget pauses)
  return { permille, level: s >= b ? 'over' : permille >= 800 ? 'warn' : 'ok' };
}

/** "14.90 left", or "8001.96 over" once spend has passed the budget ("1490 left" in yen). */
export function left(spent: string, budget: string, currency: string): string {
  const rest = amountOf(budget) - amountOf(spent);
  return rest >= 0n ? `${formatMoney(rest, currency)} left` : `${formatMoney(-rest, currency)} over`;
}

/** A negative amount (a correction). */
export const negative = (money: string) => amountOf(money) < 0n;

/** What an amount field takes in the currency: "at most 2 decimals (USD)", or "whole JPY". */
export function unitHint(currency: string): string {
  const decimals = decimalsOf(currency);
  return decimals === 0 ? `whole ${currency}, no decimals` : `at most ${decimals} decimals (${currency})`;
}

/** An example amount in the currency, for a placeholder: "500.00", "500", "500.000". */
export const example = (major: number, currency: string) => formatMoney(BigInt(major) * 1000n, currency);
