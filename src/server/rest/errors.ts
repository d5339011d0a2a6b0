// A refusal as a Django REST Framework client reads it: a mistake in a field of the body or the
// query is {"<field>": ["message"]} (what a serializer answers), anything else {"detail": "message"},
// both with our error code beside it ("code", a string, as djangorestframework-simplejwt answers
// too) so that a client may branch on it. 401, 403 and 404 always answer {"detail": …}.
import { HTTP_STATUS, type ErrorCode } from '../../domain/errors.ts';
import { log } from '../../log.ts';

const logger = log.child({ module: 'rest' });

/** The REST API's paths: /api and below (Swagger UI's page at /api/docs is served before them). */
export function isRestPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** The status of a code: the one table, 400 for GraphQL's own refusals, 500 for a fault. */
export function statusOf(code: string): number {
  if (Object.hasOwn(HTTP_STATUS, code)) return HTTP_STATUS[code as ErrorCode];
  return code === 'INTERNAL_SERVER_ERROR' ? 500 : 400;
}

/** The answer's body. field: the REST name of the field at fault, if any. */
export function restErrorBody(status: number, code: string, message: string, field?: string): Record<string, unknown> {
  if (field && status !== 401 && status !== 403 && status !== 404) return { [field]: [message], code };
  return { detail: message, code, ...(field ? { field } : {}) };
}

/** A refusal the REST layer decides itself (GraphQL's are logged where they are masked). */
export class RestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** several fields at fault: REST name → messages */
    readonly fields: Record<string, string[]> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'RestError';
  }

  static field(code: ErrorCode, field: string, message: string): RestError {
    return new RestError(code, message, { [field]: [message] });
  }

  /** DRF's own words for an object the key does not see. */
  static notFound(): RestError {
    return new RestError('NOT_FOUND', 'Not found.');
  }

  response(): Response {
    // the client's mistake: one info line, as GraphQL's (src/graphql/errors.ts)
    const fields = Object.keys(this.fields);
    logger.info({ code: this.code, field: fields[0], message: this.message.slice(0, 200) }, 'request refused');
    const status = statusOf(this.code);
    const body =
      fields.length > 1 && status === 400 ? { ...this.fields, code: this.code } : restErrorBody(status, this.code, this.message, fields[0]);
    return restJson(status, body, this.headers);
  }
}

export function restJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { ...(status === 204 ? {} : { 'content-type': 'application/json; charset=utf-8' }), 'cache-control': 'no-store', ...headers },
  });
}
