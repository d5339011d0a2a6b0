// One pino root: pretty on a terminal, JSON lines otherwise. Modules use log.child({ module }).
// Every line logged while a request is handled carries its id (requestId), whatever module logs it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { Logger as WorkerLogger } from 'graphile-worker';
import { pino, type Logger } from 'pino';

export type { Logger };

// Settings validation reports a bad LOG_LEVEL; until then an unknown one must not crash the import.
const wanted = (process.env.LOG_LEVEL || 'info').toLowerCase();
const level = wanted === 'silent' || wanted in pino.levels.values ? wanted : 'info';

const request = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` (and everything it starts) as the handling of one request. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return request.run({ requestId }, fn);
}

/** Runs `fn` as no request's work (a timer or a write that serves several). */
export function outsideRequest<T>(fn: () => T): T {
  return request.exit(fn);
}

/** The id of the request being handled here, if any. */
export function currentRequestId(): string | undefined {
  return request.getStore()?.requestId;
}

export const log: Logger = pino(
  {
    level,
    base: { pid: process.pid },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  },
  // On a terminal, pino-pretty in this thread: as a pino transport it ran in a worker thread of its
  // own, a second JavaScript heap (+15 MB of the process's memory; issue 27). Loaded only then.
  process.stdout.isTTY
    ? (createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty'))({
        colorize: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid',
        sync: true,
      })
    : undefined,
);

export function setLogLevel(next: string): void {
  log.level = next;
}

/** graphile-worker's logs through our root, so one stream carries everything. */
export const workerLogger = new WorkerLogger((scope) => {
  const child = log.child({ module: 'worker', ...scope });
  return (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
    child[method](meta ?? {}, message);
  };
});
