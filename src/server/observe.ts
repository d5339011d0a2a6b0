// What the server contributes to the metrics (src/metrics.ts): GraphQL operations by name, type
// and outcome; each HTTP request by route and status; and /metrics itself, for an admin key or
// BUDGET_METRICS_KEY (a scraper's own secret).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { unavailable } from '../db/errors.ts';
import { DomainError } from '../domain/errors.ts';
import { currentRequestId } from '../log.ts';
import { inSpan } from '../trace.ts';
import { graphqlOperations, httpDuration, httpRequests, operationLabel } from '../metrics.ts';

export const isStream = (value: unknown): value is AsyncIterable<unknown> =>
  typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function';

export function useOperationMetrics(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const started = performance.now();
      const operation = getOperationAST(args.document, args.operationName);
      // the operation's span: what the engine and its SQL do for it are its children (src/trace.ts)
      const type = operation?.operation ?? 'unknown';
      // a client's operation name names a label and a span only when a key sent it, and is bounded
      // (operationLabel): a stranger's requests cannot grow either
      const keyed = Boolean((args.contextValue as { principal?: unknown }).principal);
      const name = keyed ? operationLabel(operation?.name?.value) : 'unauthenticated';
      setExecuteFn((a) =>
        inSpan(
          `graphql.${type}${name === 'anonymous' ? '' : ` ${name}`}`,
          { 'graphql.operation.type': type, 'graphql.operation.name': name, 'request.id': currentRequestId() ?? '' },
          async () => executeFn(a),
        ),
      );
      return {
        onExecuteDone({ result }) {
          if (isStream(result)) return;
          const { errors } = result as ExecutionResult;
          graphqlOperations.observe(
            {
              operation: name,
              type: operation?.operation ?? 'unknown',
              outcome: errors?.length ? outcomeOf(errors[0]) : 'ok',
            },
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}

/** An error as an outcome label: its code (the one the answer will carry), or INTERNAL_SERVER_ERROR. */
function outcomeOf(error: { extensions?: Record<string, unknown>; originalError?: unknown } | undefined): string {
  const original = error?.originalError ?? error;
  if (original instanceof DomainError) return original.code;
  if (unavailable(original)) return 'DATABASE_UNAVAILABLE';
  const code = error?.extensions?.code;
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'INTERNAL_SERVER_ERROR';
}

/** A bounded route label for a path. */
export function routeOf(path: string): string {
  if (path === '/graphql' || path === '/' || path === '/health' || path === '/ready' || path === '/metrics') return path;
  const first = `/${path.split('/')[1] ?? ''}`;
  return ['/api', '/assets', '/graphiql'].includes(first) ? first : 'other';
}

/** Counts the request when its answer is finished. */
export function observeHttp(req: IncomingMessage, res: ServerResponse, path: string): void {
  const started = performance.now();
  res.once('finish', () => {
    const route = routeOf(path);
    httpRequests.inc({ method: req.method ?? 'GET', route, status: String(res.statusCode) });
    httpDuration.observe({ route }, (performance.now() - started) / 1000);
  });
}

