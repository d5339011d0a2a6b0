// `budget backtest`: the backtest query (src/reads/backtest.ts) from the command line, as the
// command line's admin scope (cli). A brand by id or by exact name; budgets as Money, or `none`.
import { parseArgs } from 'node:util';
import { db, LONG_TX } from '../db/index.ts';
import { CLI } from '../domain/scope.ts';
import { DomainError, quote } from '../domain/errors.ts';
import { formatMoney, formatMoneyOrNull } from '../domain/money.ts';
import { backtest, type BacktestInput } from '../reads/backtest.ts';

export const BACKTEST_USAGE = `  backtest --brand ID|NAME --from T --to T [--daily M|none] [--monthly M|none] [--windows JSON] [--json]
                                          replay a past range against a policy (writes nothing)`;

export async function backtestCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      brand: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      daily: { type: 'string' },
      monthly: { type: 'string' },
      windows: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.brand) throw new DomainError('INVALID_ARGUMENT', '--brand is required (an id or the exact name)', 'brand');
  const [brand] = await db().$queryRaw<{ id: string }[]>`
    select id from brands where id::text = lower(${values.brand}) or name = ${values.brand} limit 1`;
  if (!brand) throw new DomainError('NOT_FOUND', `no brand ${quote(values.brand)}`, 'brand');
  const input: BacktestInput = {
    brandId: brand.id,
    from: instant(values.from, 'from'),
    to: instant(values.to, 'to'),
    ...(values.daily === undefined ? {} : { dailyBudget: values.daily === 'none' ? null : values.daily }),
    ...(values.monthly === undefined ? {} : { monthlyBudget: values.monthly === 'none' ? null : values.monthly }),
    ...(values.windows === undefined ? {} : { windows: windowsOf(values.windows) }),
  };
  const result = await db().$transaction((tx) => backtest(tx, input, CLI), { ...LONG_TX, isolationLevel: 'RepeatableRead' });
  if (!result) throw new DomainError('NOT_FOUND', `no brand ${quote(values.brand)}`, 'brand');
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? formatMoney(v, result.currency) : v))}\n`);
    return 0;
  }
  const lines = [
    `Backtest of ${values.brand} from ${result.from.toISOString()} to ${result.to.toISOString()}: daily ${formatMoneyOrNull(result.dailyBudget, result.currency) ?? 'no limit'}, monthly ${formatMoneyOrNull(result.monthlyBudget, result.currency) ?? 'no limit'} (${result.currency})`,
    ...result.changes.map(
      (c) =>
        `  ${new Date(c.at).toISOString()}  ${c.campaignName}: ${c.fromStatus ? `${c.fromStatus}${c.fromReason ? `/${c.fromReason}` : ''}` : 'new'} -> ${c.toStatus}${c.toReason ? `/${c.toReason}` : ''} (${c.trigger})`,
    ),
    `${result.changes.length} changes (recorded: ${result.recordedChanges}); spend while paused ${formatMoney(result.spendWhilePaused, result.currency)} (recorded: ${formatMoney(result.recordedSpendWhilePaused, result.currency)}) ${result.currency}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** A flag holding an instant with its offset (never this machine's local time). */
export function instant(value: string | undefined, field: string): Date {
  const at = value === undefined ? null : new Date(value);
  // with its offset: an instant, never this machine's local time
  if (!at || Number.isNaN(at.getTime()) || !/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:?\d\d)$/.test(value!)) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `--${field} must be an instant with its offset, like 2026-11-01T00:00:00Z or 2026-11-01T00:00:00+01:00; got ${quote(value)}`,
      field,
    );
  }
  return at;
}

function windowsOf(text: string): BacktestInput['windows'] {
  try {
    return JSON.parse(text) as BacktestInput['windows'];
  } catch {
    throw new DomainError('INVALID_ARGUMENT', `--windows must be JSON like [{"campaignId":"…","windows":[]}]`, 'windows');
  }
}
