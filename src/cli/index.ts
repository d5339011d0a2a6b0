// `budget <command>`: the command line. Each command is a thin adapter over the engine.
import { parseArgs } from 'node:util';
import { loadDotenv, readSettings, SettingError, type Settings } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { closeDb, db, openDb } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { DomainError } from '../domain/errors.ts';
import { checkHealth } from '../health.ts';
import { log, setLogLevel } from '../log.ts';
import { enforce, tasksOf, usageLines } from './enforce.ts';
import { keys } from './keys.ts';
import { seed } from './seed.ts';
import { start } from './start.ts';
import { verifyCommand } from './verify.ts';
import { BACKTEST_USAGE, backtestCommand } from './backtest.ts';
import { OVERRIDE_USAGE, overrideCommand } from './override.ts';
import { SIMULATE_USAGE, simulateCommand, SimulateUsageError } from './simulate.ts';
import { DEMO_USAGE, demoCommand, DemoUsageError } from './demo.ts';

const USAGE = `usage: budget <command> [options]

commands:
  start [--server-only | --worker-only]   run the service (default: server and worker)
  migrate                                 apply pending database migrations
  health [--json]                         check the running service: database, migrations, campaigns
                                          and its workers (by their heartbeats; exit 1 if unhealthy)
  verify [--json]                         check the invariants: ledger = totals, states = rules,
                                          events chained, spends in their brands (exit 1 if not)
${BACKTEST_USAGE}
${OVERRIDE_USAGE}
${usageLines()}
  reset-spends --both [--json]            both resets
                                          (the old names work too: enforce_budgets, enforce_dayparting,
                                          reset_spends --daily|--monthly|--both)
  keys create --role R --name N [--brand ID]…   make an API key (printed once)
  keys list [--json]                      the keys, without their secrets
  keys revoke <id|name>                   refuse a key from now on
  seed [--brands N] [--campaigns-per-brand M] [--spends-per-campaign K]
                                          demo data: realistic brands, campaigns, windows, spends
${SIMULATE_USAGE}
${DEMO_USAGE}

Settings come from the environment or .env: DATABASE_URL, PORT, HOST, DATA_DIR, LOG_LEVEL,
BUDGET_ADMIN_KEY, BUDGET_RATE_LIMIT, BUDGET_MAX_CONNECTIONS_PER_KEY, BUDGET_MAX_SUBSCRIPTIONS_PER_KEY,
BUDGET_CORS_ORIGINS, BUDGET_METRICS_KEY, BUDGET_WEBHOOK_RETRY_MS, BUDGET_WEBHOOK_MAX_FAILURES,
BUDGET_WEBHOOK_TIMEOUT_MS, BUDGET_DELIVERY_CONCURRENCY, OUTBOUND_ALLOW_HOSTS, BUDGET_REFUSAL_LOG_MS,
BUDGET_HEAVY_READ_CONNECTIONS, BUDGET_HEAVY_READ_TIMEOUT_MS.
Without DATABASE_URL an embedded PostgreSQL runs under DATA_DIR (.data).`;

export async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  loadDotenv();
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    if (error instanceof SettingError) {
      process.stderr.write(`budget: invalid setting ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  setLogLevel(settings.logLevel);
  try {
    switch (command) {
      case 'start': {
        const { values } = parseArgs({ args: rest, options: { 'server-only': { type: 'boolean' }, 'worker-only': { type: 'boolean' } } });
        if (values['server-only'] && values['worker-only']) throw new UsageError('choose --server-only or --worker-only, not both');
        await start(settings, { server: !values['worker-only'], worker: !values['server-only'] });
        return -1; // keeps running until a signal
      }
      case 'migrate':
        return await withDatabase(settings, false, async (url) => {
          const result = await migrate(url);
          process.stdout.write(
            `Migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied. ` +
              `Function files: ${result.functions.length ? `${result.functions.length} applied` : 'unchanged'}.\n`,
          );
          return 0;
        });
      case 'health': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
        return await withDatabase(settings, true, async () => {
          const health = await checkHealth(db(), 'service');
          process.stdout.write(`${JSON.stringify(health, null, values.json ? 0 : 2)}\n`);
          return health.status === 'healthy' ? 0 : 1;
        });
      }
      case 'verify': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
        return await withDatabase(settings, true, () => verifyCommand(Boolean(values.json)));
      }
      case 'backtest':
        return await withDatabase(settings, true, () => backtestCommand(rest));
      case 'keys':
        return await withDatabase(settings, true, () => keys(rest));
      case 'override':
        return await withDatabase(settings, true, () => overrideCommand(rest));
      case 'simulate':
        try {
          return await simulateCommand(rest);
        } catch (error) {
          if (!(error instanceof SimulateUsageError)) throw error;
          process.stderr.write(`budget: ${error.message}\n`);
          return 2;
        }
      case 'demo':
        try {
          return await demoCommand(rest, settings);
        } catch (error) {
          if (!(error instanceof DemoUsageError)) throw error;
          throw new UsageError(error.message);
        }
      case 'seed': {
        const { values } = parseArgs({
          args: rest,
          options: {
            brands: { type: 'string', default: '20' },
            'campaigns-per-brand': { type: 'string', default: '5' },
            'spends-per-campaign': { type: 'string', default: '20' },
          },
        });
        const options = {
          brands: count(values.brands, '--brands'),
          campaignsPerBrand: count(values['campaigns-per-brand'], '--campaigns-per-brand'),
          spendsPerCampaign: count(values['spends-per-campaign'], '--spends-per-campaign'),
        };
        return await withDatabase(settings, true, async (url) => {
          await migrate(url);
          await seed(options);
          return 0;
        });
      }
      default: {
        // the enforcement commands, from the task table: enforce-budgets, reset-spends --daily, reconcile, …
        const { values } = parseArgs({
          args: rest,
          options: { daily: { type: 'boolean' }, monthly: { type: 'boolean' }, both: { type: 'boolean' }, json: { type: 'boolean' } },
        });
        let tasks;
        try {
          tasks = tasksOf(command, new Set(Object.keys(values).filter((k) => values[k as keyof typeof values])));
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        if (tasks === null) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
        return await withDatabase(settings, true, () => enforce(tasks, Boolean(values.json)));
      }
    }
  } catch (error) {
    if (error instanceof SettingError) {
      // a setting that turned out wrong once used (a busy port): one line naming it
      process.stderr.write(`budget: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`budget: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      process.stderr.write(`budget: ${error.code}${error.field ? ` (${error.field})` : ''}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`budget: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    log.error({ err: error }, `budget ${command} failed`);
    process.stderr.write(`budget: ${(error as Error).message}\n`);
    return 1;
  }
}

class UsageError extends Error {}

function count(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value ?? '') || n > 1_000_000) throw new UsageError(`${flag} must be a whole number up to 1000000`);
  return n;
}

async function withDatabase(settings: Settings, open: boolean, fn: (url: string) => Promise<number>): Promise<number> {
  const database = await connectDatabase(settings);
  try {
    if (open) openDb(database.url, { max: 2 });
    return await fn(database.url);
  } finally {
    await closeDb();
    await database.stop();
  }
}
