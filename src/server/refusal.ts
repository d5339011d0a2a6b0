// A request refused before any operation runs (a wrong key, over the rate, a body too big): its
// status comes from the one code → status table, its body has GraphQL's error shape (the REST
// API's under /api).
import { HTTP_STATUS, type DomainError } from '../domain/errors.ts';
import { currentRequestId, log } from '../log.ts';
import { detached } from '../trace.ts';
import { isRestPath, restErrorBody } from './rest/errors.ts';

const logger = log.child({ module: 'server' });
/** how often the refusal counts are logged, unless BUDGET_REFUSAL_LOG_MS says otherwise */
export const REFUSAL_LOG_MS = 10_000;
let countMs = REFUSAL_LOG_MS;
const counts = new Map<string, number>();
let counting: NodeJS.Timeout | null = null;

/** The interval of the refusal counts' log line (BUDGET_REFUSAL_LOG_MS; set at start). */
export function logRefusalsEvery(ms: number): void {
  countMs = ms;
}

/**
 * Refusals are logged as counts, one info line per interval (ten seconds) at most: a flood of
 * wrong keys is a number to watch, not a disk filled with a line per request. WebSocket refusals
 * (over the rate or a key's caps) are counted here too.
 */
export function countRefusal(code: string): void {
  counts.set(code, (counts.get(code) ?? 0) + 1);
  const ms = countMs;
  counting ??= detached(() =>
    setTimeout(() => {
      logger.info({ refused: Object.fromEntries(counts), seconds: ms / 1000 }, 'requests refused before running');
      counts.clear();
      counting = null;
    }, ms).unref(),
  );
}

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** path: the request's, which says in whose words to answer (the REST API's, or GraphQL's). */
export function refusal(error: DomainError, path = ''): Refusal {
  const status = HTTP_STATUS[error.code];
  countRefusal(error.code);
  const requestId = currentRequestId();
  const extensions = { code: error.code, ...(error.field ? { field: error.field } : {}), ...(requestId ? { requestId } : {}) };
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
      // the rate is counted per second
      ...(status === 429 ? { 'retry-after': '1' } : {}),
    },
    body: JSON.stringify(
      isRestPath(path)
        ? restErrorBody(status, error.code, error.message, error.field)
        : { errors: [{ message: error.message, extensions }] },
    ),
  };
}
