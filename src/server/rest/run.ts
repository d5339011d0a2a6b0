// How a REST request runs a GraphQL operation: through Yoga's own pipeline (getResultForParams:
// the request's key and context, the same plugins, masking and logs as /graphql), its first error
// answered in REST's words; and how its JSON body is read.
import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { inputFields, restText } from './fields.ts';
import { RestError, restErrorBody, restJson, statusOf } from './errors.ts';

export interface YogaLike {
  getResultForParams(
    input: { params: { query: string; variables: Record<string, unknown> }; request: Request },
    context: Record<string, unknown>,
  ): unknown;
}

export interface Call {
  request: Request;
  url: URL;
  run(query: string, variables: Record<string, unknown>): Promise<ExecutionResult>;
  /** Is the request's key still good (not revoked since the request began)? A long export asks before each page. */
  stillValid(): Promise<boolean>;
  /** Ends the connection without finishing the answer: a streamed answer that failed after its first bytes. */
  cut(): void;
}

/**
 * Whether the key a request came with is still good now (the REST plugin is given it by the
 * server); serverContext: Yoga's, which holds the key where the server checked it before.
 */
export type KeyCheck = (request: Request, serverContext: object) => Promise<boolean>;

export function callOf(yoga: YogaLike, request: Request, url: URL, serverContext: object, keyCheck: KeyCheck): Call {
  return {
    request,
    url,
    stillValid: () => keyCheck(request, serverContext),
    // Node's response, where the server is Node's: destroyed, the client sees the answer end unfinished
    cut: () => (serverContext as { res?: { destroy(): void } }).res?.destroy(),
    // a fresh context per operation, as Yoga makes one per request; the key is the request's
    run: async (query, variables) =>
      (await yoga.getResultForParams({ params: { query, variables }, request }, { ...serverContext })) as ExecutionResult,
  };
}

/** A GraphQL refusal, already logged where it was masked, answered in REST's words. */
export class Refused extends Error {
  constructor(readonly response: Response) {
    super('refused');
  }
}

/** GraphQL names of an input's fields → their REST names (for errors). */
export const inputNames = (type: Parameters<typeof inputFields>[0]) => new Map([...inputFields(type)].map(([rest, f]) => [f.name, rest]));

/**
 * Runs one operation; its first error answers the request. names: GraphQL field → REST name;
 * byId: the route names an object (its id's errors are 404, as for an object the key does not see).
 */
export async function gql(call: Call, query: string, variables: Record<string, unknown>, names: Map<string, string>, byId = false) {
  const result = await call.run(query, variables);
  const error = result.errors?.[0] as GraphQLFormattedError | undefined;
  if (!error && result.data) return result.data as Record<string, unknown>;
  const code = String(error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const field = error?.extensions?.field as string | undefined;
  if (byId && field === 'id' && ['NOT_FOUND', 'FORBIDDEN', 'INVALID_ID'].includes(code)) {
    throw new Refused(restJson(404, restErrorBody(404, 'NOT_FOUND', 'Not found.')));
  }
  const rest = field === undefined ? undefined : names.get(field);
  const message = restText(error?.message ?? 'Unexpected error.', rest && field ? [[field, rest]] : []);
  // an unknown related object (a spend's campaign) is a mistake in the body, as DRF answers it
  const status = code === 'NOT_FOUND' && rest ? 400 : statusOf(code);
  // several wrong fields of the body (createBrand's checks all run): each under its name, as a serializer answers
  const fields = severalFields((result.errors ?? []) as unknown as GraphQLFormattedError[], names);
  if (status === 400 && fields) throw new Refused(restJson(400, { ...fields, code }));
  throw new Refused(restJson(status, restErrorBody(status, code, message, rest), status === 401 ? { 'www-authenticate': 'Bearer' } : {}));
}

/** REST name → messages, when every error names a field of the body and there is more than one; else null. */
function severalFields(errors: readonly GraphQLFormattedError[], names: Map<string, string>): Record<string, string[]> | null {
  if (errors.length < 2) return null;
  const fields: Record<string, string[]> = {};
  for (const e of errors) {
    const field = e.extensions?.field as string | undefined;
    const rest = field === undefined ? undefined : names.get(field);
    if (!rest || !field) return null;
    (fields[rest] ??= []).push(restText(e.message, [[field, rest]]));
  }
  return fields;
}

/** The JSON object of a request body ({} when empty). */
export async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RestError('INVALID_ARGUMENT', `JSON parse error - ${(error as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RestError('INVALID_ARGUMENT', `Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`);
  }
  return body as Record<string, unknown>;
}
