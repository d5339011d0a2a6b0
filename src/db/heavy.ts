// Heavy reads (pacing, nextChange over pages, backtest, previewEnforcement) run on their own small
// pool, never on the one writes and enforcement use: on the shared pool (issue 23), twelve parallel
// backtests held every connection, unrelated requests waited past its 5 s and answered 503, and an
// enforcement job could not get a connection. Here they queue among themselves, `connections` at a
// time per process, waiting without holding any connection. Each statement is cut by PostgreSQL
// itself at `timeoutMs` (statement_timeout: the connection is free again at once), and the wait for
// a turn is bounded by the same; either answers TIMEOUT, the caller's to narrow, never a 5xx.
import { DomainError } from '../domain/errors.ts';
import { closeClient, createDb, LONG_TX, type Db, type Prisma, type Tx } from './client.ts';
import { codesOf } from './errors.ts';

export interface HeavyReadOptions {
  /** connections of the heavy-read pool, per process (BUDGET_HEAVY_READ_CONNECTIONS) */
  connections: number;
  /** the longest a heavy statement runs, and a heavy read waits for its turn, in ms (BUDGET_HEAVY_READ_TIMEOUT_MS) */
  timeoutMs: number;
}

export interface HeavyReads {
  /** fn with the heavy pool's client, once a turn is free (its statements one at a time). */
  run<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** fn in one transaction on the heavy pool, once a turn is free: the transaction as a whole is bounded too. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: { isolationLevel?: 'RepeatableRead' }): Promise<T>;
  /** reads running now and waiting for a turn (a metric) */
  readonly running: number;
  readonly waiting: number;
  close(): Promise<void>;
}

export function createHeavyReads(url: string, options: HeavyReadOptions): HeavyReads {
  const { connections, timeoutMs } = options;
  const client = createDb(url, { max: connections, statementTimeoutMs: timeoutMs, applicationName: 'budget-heavy' });
  let running = 0;
  const queue: (() => void)[] = [];
  const turn = (): Promise<void> => {
    if (running < connections) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        clearTimeout(timer);
        running++;
        resolve();
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(go), 1);
        reject(
          new DomainError(
            'TIMEOUT',
            `this read waited ${timeoutMs / 1000} s for its turn among the heavy reads (pacing, next changes, backtests) running now; ` +
              'send it again shortly, or ask for less (a smaller first, a shorter range)',
          ),
        );
      }, timeoutMs);
      queue.push(go);
    });
  };
  const done = () => {
    running--;
    queue.shift()?.();
  };
  const run = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    await turn();
    try {
      return await fn(client);
    } catch (error) {
      throw timedOut(error, timeoutMs) ?? error;
    } finally {
      done();
    }
  };
  return {
    run,
    transaction: (fn, { isolationLevel } = {}) =>
      run((heavy) =>
        heavy.$transaction(fn, { maxWait: LONG_TX.maxWait, timeout: timeoutMs, ...(isolationLevel ? { isolationLevel } : {}) }),
      ),
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
    close: () => closeClient(client),
  };
}

/** 57014: statement_timeout cancelled it; P2028: Prisma ended the transaction at its timeout. */
function timedOut(error: unknown, timeoutMs: number): DomainError | null {
  const codes = codesOf(error);
  if (!codes.has('57014') && !codes.has('P2028')) return null;
  return new DomainError(
    'TIMEOUT',
    `this read ran past the ${timeoutMs / 1000} s a heavy read may take (pacing, next changes, backtests): ` +
      'ask for less (a smaller first, fewer heavy fields, a shorter range)',
  );
}

/**
 * One heavy statement (pacing, next changes) in a transaction of its own, without JIT: their
 * estimates are large, and JIT compiled them for longer than it saved (pacing for 50 brands:
 * 1.7–2.7 s with it, 0.35 s without; next changes for 500 campaigns: ~0.4 s of compiling), and
 * with work_mem for their aggregates to hash in memory. On whichever client runs it.
 */
export async function heavyStatement<T>(db: Db, statement: Prisma.PrismaPromise<T>): Promise<T> {
  const [, result] = await db.$transaction([
    db.$executeRaw`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`,
    statement,
  ]);
  return result;
}
