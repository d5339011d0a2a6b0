// Every refusal the service gives, by code. The GraphQL layer turns these into
// errors[].extensions { code, field }; the CLI prints the message.

export type ErrorCode =
  | 'INVALID_MONEY'
  | 'UNKNOWN_TIMEZONE'
  | 'INVALID_ID'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'DUPLICATE_NAME'
  | 'DUPLICATE_EXTERNAL_REF'
  | 'HAS_SPEND_HISTORY'
  | 'FUTURE_SPEND'
  | 'IDEMPOTENCY_CONFLICT'
  | 'ARCHIVED'
  | 'LIMIT_REACHED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'METHOD_NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'TOO_MANY_CONNECTIONS'
  | 'PAYLOAD_TOO_LARGE'
  | 'SUBSCRIBER_TOO_SLOW'
  | 'DATABASE_UNAVAILABLE'
  | 'COST_LIMIT'
  | 'TIMEOUT'
  | 'NOT_CONFIGURED'
  | 'PLATFORM_AUTH'
  | 'PLATFORM_ERROR';

/**
 * The one code → HTTP status table. REST answers every code with its status; GraphQL answers 200
 * with errors, except for the codes refused before any operation runs (TRANSPORT).
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_MONEY: 400,
  UNKNOWN_TIMEZONE: 400,
  INVALID_ID: 400,
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  DUPLICATE_NAME: 409,
  DUPLICATE_EXTERNAL_REF: 409,
  HAS_SPEND_HISTORY: 409,
  FUTURE_SPEND: 400,
  IDEMPOTENCY_CONFLICT: 409,
  ARCHIVED: 409,
  // a bounded queue is full (redeliveries waiting for one webhook endpoint): ask again once it drains
  LIMIT_REACHED: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  // REST: a method the path does not take (the Allow header lists those it does)
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  // the key holds as many as it may in this process: end one (or wait for one to end), then retry
  TOO_MANY_SUBSCRIPTIONS: 429,
  // only a WebSocket is refused this way: closed with 4429 (src/server/caps.ts)
  TOO_MANY_CONNECTIONS: 429,
  PAYLOAD_TOO_LARGE: 413,
  // a subscription ended for falling too far behind: the service is fine, come back (with afterEventId)
  SUBSCRIBER_TOO_SLOW: 503,
  // PostgreSQL cannot be reached (stopped, restarting, the network): retry; a spend with its externalId counts once
  DATABASE_UNAVAILABLE: 503,
  // a read that would cost more than a request may (pages × heavy fields, a backtest's size): refused before it runs
  COST_LIMIT: 400,
  // a heavy read that ran, or waited for its turn, past its bound: the caller asked for too much at
  // once (ask for less); never a 5xx, which would say the service failed
  TIMEOUT: 400,
  // the service lacks a setting the request needs (BUDGET_SECRET_KEY to store credentials): its operator sets it
  NOT_CONFIGURED: 409,
  // an ad platform refused the credentials given (or they do not reach the account): new ones are needed
  PLATFORM_AUTH: 400,
  // an ad platform failed or refused the call (its own words in the message): retry later, or fix what it names
  PLATFORM_ERROR: 502,
};

/** Codes that refuse the whole request (GraphQL answers them with their HTTP status, not 200). */
export const TRANSPORT: ReadonlySet<ErrorCode> = new Set([
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'TOO_MANY_SUBSCRIPTIONS',
  'PAYLOAD_TOO_LARGE',
  'DATABASE_UNAVAILABLE',
]);

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** An input value as an error message shows it: JSON, cut short (an error never echoes a megabyte back). */
export function quote(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= max ? text : `${text.slice(0, max)}…" (${text.length} characters)`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are plain UUIDs; anything else is INVALID_ID naming the field. */
export function parseId(value: string, field = 'id'): string {
  if (!UUID.test(value)) throw new DomainError('INVALID_ID', `${field} must be a UUID, got ${quote(value)}`, field);
  return value.toLowerCase();
}

/**
 * Several refusals of one input, each naming its field: a form hears of every wrong field in one
 * answer (GraphQL: one errors[] entry each, src/graphql/errors.ts). As a DomainError it is the
 * first of them, all messages joined (REST and the CLI).
 */
export class DomainErrors extends DomainError {
  constructor(readonly errors: DomainError[]) {
    super(errors[0]!.code, errors.map((e) => e.message).join('; '), errors[0]!.field);
  }
}

/**
 * Checks of an input's fields that all run before anything refuses: `check` runs one and keeps its
 * refusal (answering undefined in its place), `done` throws what was kept (the one error, or
 * DomainErrors). Read the values only after `done`.
 */
export function checks() {
  const errors: DomainError[] = [];
  const keep = (error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    errors.push(...(error instanceof DomainErrors ? error.errors : [error]));
    return undefined as never;
  };
  return {
    check<T>(run: () => T): T {
      try {
        return run();
      } catch (error) {
        return keep(error);
      }
    },
    async checkAsync<T>(run: () => Promise<T>): Promise<T> {
      return run().catch(keep);
    },
    done(): void {
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new DomainErrors(errors);
    },
  };
}
