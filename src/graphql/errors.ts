// What a client sees of an error: a DomainError becomes extensions { code, field }; GraphQL's own
// errors (syntax, validation, input coercion) pass; anything else is masked. Yoga logs every error
// it masks through logError: a client's mistake at info, in one short line without the query; only
// a server fault at error level, with its stack.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError, DomainErrors, HTTP_STATUS, TRANSPORT } from '../domain/errors.ts';
import { unavailable } from '../db/errors.ts';
import { currentRequestId, log } from '../log.ts';

const logger = log.child({ module: 'graphql' });

/** By name, not instanceof: graphql ships CJS and ESM builds, and a process may load both. */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/**
 * A client's mistake as the DomainError it answers with, or null for anything else (a fault).
 * Pothos refuses bad connection arguments (a malformed cursor, before with first) with its own error.
 */
function clientError(original: unknown): DomainError | null {
  if (original instanceof DomainError) return original;
  const gone = unavailable(original);
  if (gone) return gone;
  if (original instanceof Error && original.name === 'PothosValidationError') return new DomainError('INVALID_ARGUMENT', original.message);
  return null;
}

/**
 * A refusal of several fields of one input (DomainErrors) as one errors[] entry each, at the same
 * path, so a form shows every wrong field from one answer. Runs before Yoga masks the errors.
 */
export function useFieldErrors(): Plugin {
  const several = (error: GraphQLError) => (error.originalError instanceof DomainErrors ? error.originalError.errors : null);
  return {
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        if (!('errors' in result) || !result.errors?.some((e) => several(e))) return;
        const errors = result.errors.flatMap(
          (e) => several(e)?.map((one) => new GraphQLError(one.message, { nodes: e.nodes, path: e.path, originalError: one })) ?? [e],
        );
        setResult({ ...result, errors });
      },
    }),
  };
}

export function maskError(error: unknown, message: string): Error {
  const wrapper = isGraphQLError(error) ? error : undefined;
  const original = wrapper?.originalError ?? error;
  const client = clientError(original);
  if (client) {
    return new GraphQLError(client.message, {
      nodes: wrapper?.nodes,
      path: wrapper?.path,
      extensions: {
        code: client.code,
        ...(client.field ? { field: client.field } : {}),
        ...requestIdExtension(),
        // Codes that refuse the whole request must not answer 200 (Yoga sets the status, then drops `http`).
        ...(TRANSPORT.has(client.code) ? { http: { status: HTTP_STATUS[client.code] } } : {}),
      },
    });
  }
  if (wrapper && (!wrapper.originalError || isGraphQLError(wrapper.originalError))) {
    // GraphQL's own errors (syntax, validation, a variable's coercion, a limit refused) and the
    // preflight's: the client's mistake, answered as it is, with the request's id and a code
    // (INVALID_ARGUMENT, HTTP 400, for those that carry none). graphql-jit's carry no extensions.
    const extensions = wrapper.extensions ?? {};
    const requestId = requestIdExtension();
    const text = withoutSecrets(wrapper.message);
    if (extensions.code && (!requestId.requestId || extensions.requestId) && text === wrapper.message) return wrapper;
    return new GraphQLError(text, {
      nodes: wrapper.nodes,
      source: wrapper.source,
      positions: wrapper.positions,
      path: wrapper.path,
      originalError: wrapper.originalError,
      extensions: {
        ...extensions,
        ...(extensions.code ? {} : { code: 'INVALID_ARGUMENT', http: { status: HTTP_STATUS.INVALID_ARGUMENT } }),
        ...requestId,
      },
    });
  }
  return new GraphQLError(message, { path: wrapper?.path, extensions: { code: 'INTERNAL_SERVER_ERROR', ...requestIdExtension() } });
}

/**
 * A variable's coercion error quotes the whole value it refused: one that holds an ad account's
 * credentials is answered (and logged) without it, the path and the reason kept.
 */
function withoutSecrets(message: string): string {
  const quoted = /^(Variable "\$[^"]+" got invalid value) ([\s\S]*?)((?: at "[^"]*")?; [\s\S]*)$/.exec(message);
  if (!quoted || !/credentials|Token/.test(quoted[2]!)) return message;
  return `${quoted[1]} (not shown: it holds credentials)${quoted[3]}`;
}

/** The request's id in an error, so a user can quote it and an operator find its log lines. */
function requestIdExtension(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}

const logged = new WeakSet<Error>();
/** an original error → the request it was logged for */
const loggedIn = new WeakMap<Error, string>();

/** For Yoga's `logging.error`: it passes each error it masked, as it was before masking. */
export function logError(...args: unknown[]): void {
  const [error] = args;
  const original = (error as { originalError?: unknown } | undefined)?.originalError ?? error;
  // Yoga may hand the same error twice (a refusal before execution), and one failure may fail many
  // fields of a request (a batch loader's, for every campaign of a page): one line each
  if (error instanceof Error) {
    if (logged.has(error)) return;
    logged.add(error);
  }
  if (original !== error && original instanceof Error) {
    const requestId = currentRequestId() ?? '';
    if (loggedIn.get(original) === requestId) return;
    loggedIn.set(original, requestId);
  }
  const client = clientError(original);
  if (client) {
    logger.info({ code: client.code, field: client.field, message: client.message.slice(0, 200) }, 'request refused');
  } else if (isGraphQLError(original)) {
    // GraphQL's own refusal (a bad variable, a limit): the client's mistake, one line, no stack
    const code = (original.extensions?.code as string | undefined) ?? 'INVALID_ARGUMENT';
    logger.info({ code, message: original.message.slice(0, 200) }, 'request refused');
  } else if (original instanceof Error) {
    logger.error({ err: original }, 'unexpected error');
  } else {
    logger.error({ detail: String(error).slice(0, 500) }, 'unexpected error');
  }
}
