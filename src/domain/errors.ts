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
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are plain UUIDs; anything else is INVALID_ID naming the field. */
export function parseId(value: string, field = 'id'): string {
  if (!UUID.test(value)) throw new DomainError('INVALID_ID', `${field} must be a UUID, got ${JSON.stringify(value)}`, field);
  return value.toLowerCase();
}
