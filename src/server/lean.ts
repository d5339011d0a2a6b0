// The lean path of what most requests are: one query or mutation POSTed to /graphql as JSON, or a
// write to the REST API (POST /api/spends/), with a key. Node's request is run by what Yoga would
// run for it (for GraphQL Yoga's own operation runner, getResultForParams: the params' checks, the
// envelope's parse and validation caches, the context, execution, error masking and every plugin;
// for REST the REST API's handler, which runs its operations through the same runner), without the
// fetch-API layer Yoga's HTTP handler puts around it: a Request whose body is a stream piped
// through a size limit (an AbortSignal and a DOMException each), a Response, and their
// conversions. That layer cost more CPU than a spend's own work (BENCHMARKS.md, ingest). What it
// did for these requests is done here the same way: the key's rate (as the keys plugin checks
// it), the media type a GraphQL answer is written in (Yoga's choice from Accept), its status,
// headers and body (Yoga's processRegularResult whenever there is more to it than data). The key
// was checked and the body bounded before it was read (app.ts), as for every request.
//
// Anything else goes through Yoga whole, before anything of it has run: no key, another path,
// method or content type, an Origin (CORS), an Accept that only a stream answers, a GraphQL body
// that is not one JSON object of GraphQL's params, a subscription.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type ExecutionResult, type GraphQLError } from 'graphql';
import { processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import type { Principal } from '../domain/scope.ts';
import { logError, maskError } from '../graphql/errors.ts';
import { overRate } from './auth.ts';
import type { RateLimiter } from './limits.ts';
import { refusal } from './refusal.ts';
import { isRestPath, restErrorBody, restJson } from './rest/errors.ts';
import type { RestApi } from './rest/index.ts';

type Yoga = YogaServerInstance<any, any>;

/**
 * Answers the request and says true, or says false having done nothing (Yoga answers it).
 * body: the whole request body, read and bounded by the server.
 */
export type LeanPath = (req: IncomingMessage, res: ServerResponse, principal: Principal, body: Buffer) => boolean;

export function createLeanPath(yoga: Yoga, limiter: RateLimiter, rest: RestApi): LeanPath {
  return (req, res, principal, body) => {
    if (req.headers.origin !== undefined) return false;
    if (req.method === 'POST' && req.url === yoga.graphqlEndpoint) return graphql(yoga, limiter, req, res, principal, body);
    const path = (req.url ?? '/').split('?')[0]!;
    if (!isRestPath(path) || req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false;
    if (refusedOverRate(limiter, res, principal, path)) return true;
    const request = requestOf(yoga, req, body.toString('utf8'));
    Promise.resolve()
      .then(() => rest.answer(request, new URL(request.url), { req, res, principal }))
      .catch((error: unknown) => {
        logError(error);
        return restJson(500, restErrorBody(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.'));
      })
      .then(async (response) => {
        const text = await response!.text();
        const headers: Record<string, string> = {};
        response!.headers.forEach((value, name) => (headers[name] = value));
        if (text) headers['content-length'] = String(Buffer.byteLength(text));
        res.writeHead(response!.status, headers).end(text);
      })
      .catch(() => res.destroy());
    return true;
  };
}

function graphql(yoga: Yoga, limiter: RateLimiter, req: IncomingMessage, res: ServerResponse, principal: Principal, body: Buffer): boolean {
  if (!isJson(req.headers['content-type'])) return false;
  const media = mediaTypeOf(req.headers.accept);
  if (!media) return false;
  let params: unknown;
  try {
    params = JSON.parse(body.toString('utf8'));
  } catch {
    return false;
  }
  if (!isParams(params)) return false;
  const request = requestOf(yoga, req);
  // A subscription's answer is a stream: Yoga's. A document that may hold one (the word is in it)
  // is parsed through the envelope to know, as the run below parses it (from the document cache
  // this fills); one that does not parse is Yoga's to refuse.
  if (params.query.includes('subscription')) {
    try {
      const { parse } = yoga.getEnveloped({ req, res, principal, request, params });
      if (getOperationAST(parse(params.query), params.operationName)?.operation === 'subscription') return false;
    } catch {
      return false;
    }
  }
  if (refusedOverRate(limiter, res, principal, yoga.graphqlEndpoint)) return true;
  Promise.resolve()
    .then(() => yoga.getResultForParams({ params, request }, { req, res, principal }) as Promise<ExecutionResult>)
    // Yoga's runner answers every error of the operation as a result: this is a fault around it
    .catch((error: unknown) => {
      logError(error);
      return { errors: [maskError(error, 'Unexpected error.') as GraphQLError] } as ExecutionResult;
    })
    .then((result) => send(yoga, res, result, media))
    .catch(() => res.destroy());
  return true;
}

/** What plugins and handlers read of a request: its method, URL, headers (and the REST API its body); no stream, no signal. */
function requestOf(yoga: Yoga, req: IncomingMessage, body?: string): Request {
  return new yoga.fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    ...(body === undefined ? {} : { body }),
  });
}

/** Over the key's rate: answered 429 as the keys plugin answers it. */
function refusedOverRate(limiter: RateLimiter, res: ServerResponse, principal: Principal, path: string): boolean {
  const over = overRate(limiter, principal);
  if (!over) return false;
  const { status, headers, body } = refusal(over, path);
  res.writeHead(status, headers).end(body);
  return true;
}

async function send(yoga: Yoga, res: ServerResponse, result: ExecutionResult, media: string): Promise<void> {
  if (!result.errors?.length && !(result.extensions as { http?: unknown } | undefined)?.http) {
    // graphql-jit's results carry their compiled serializer
    const stringify = (result as { stringify?: (r: ExecutionResult) => string }).stringify ?? JSON.stringify;
    const text = stringify(result);
    res.writeHead(200, { 'Content-Type': `${media}; charset=utf-8`, 'content-length': Buffer.byteLength(text) }).end(text);
    return;
  }
  const response = processRegularResult(result, yoga.fetchAPI, media);
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, { ...headers, 'content-length': Buffer.byteLength(text) }).end(text);
}

/** Yoga's test of a JSON body (its first content type, exactly). */
function isJson(header: string | undefined): boolean {
  const type = header?.split(',')[0];
  return type !== undefined && ['application/json', 'application/graphql+json'].some((t) => type === t || type.startsWith(`${t};`));
}

const MEDIA = ['application/graphql-response+json', 'application/json'] as const;

/**
 * The media type Yoga answers a single result in, from Accept (its own algorithm: utf-8 only, the
 * first acceptable entry wins, no Accept is application/json), or null when only a stream (SSE,
 * multipart) would match: Yoga's to answer.
 */
export function mediaTypeOf(accept: string | undefined): string | null {
  if (!accept) return 'application/json';
  let chosen: string | null = null;
  const entries = accept.replace(/\s/g, '').toLowerCase().split(',');
  for (let i = entries.length - 1; i >= 0; i--) {
    const [type, ...params] = entries[i]!.split(';');
    if (!type || (params.find((p) => p.includes('charset=')) ?? 'charset=utf-8') !== 'charset=utf-8') continue;
    const [pre, suf] = type.split('/');
    for (const m of MEDIA) {
      const [mPre, mSuf] = m.split('/');
      if ((pre === '*' || pre === mPre) && (suf === '*' || suf === mSuf)) chosen = m;
    }
  }
  return chosen;
}

const PARAMS = new Set(['query', 'variables', 'operationName', 'extensions']);
const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** GraphQL's params as Yoga's check accepts them (anything it would refuse is left to it to refuse). */
function isParams(p: unknown): p is { query: string; variables?: Record<string, unknown>; operationName?: string } {
  if (!isObject(p)) return false;
  const params = p as Record<string, unknown>;
  for (const key in params) if (params[key] != null && !PARAMS.has(key)) return false;
  return (
    typeof params.query === 'string' &&
    (params.variables == null || isObject(params.variables)) &&
    (params.operationName == null || typeof params.operationName === 'string') &&
    (params.extensions == null || isObject(params.extensions))
  );
}
