// GraphQL over WebSocket (graphql-ws) on the same /graphql path, sharing Yoga's envelope: the same
// schema, context, error masking and plugins as HTTP. The API key comes in the connection-init
// payload ({ "authorization": "Bearer bk_…" }, or the upgrade request's Authorization header); a
// connection without a valid one is closed with 4403 before any subscription starts; one past its
// key's cap of connections with 4429 (caps.ts).
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocket, WebSocketServer } from 'ws';
import type { Principal } from '../domain/scope.ts';
import { DomainError } from '../domain/errors.ts';
import { logError, maskError } from '../graphql/errors.ts';
import { bearer, type Auth } from './auth.ts';
import { TOO_MANY_CONNECTIONS_CLOSE, type KeyCaps } from './caps.ts';
import type { Outlet } from './multicast.ts';
import { MAX_BODY_BYTES, type RateLimiter } from './limits.ts';
import { countRefusal } from './refusal.ts';

type Enveloped = ReturnType<YogaServerInstance<object, object>['getEnveloped']>;

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  principal?: Principal | null;
};

export type WsConnection = Context<Record<string, unknown> | undefined, Extra>;

export function attachWebSockets(
  server: Server,
  yoga: YogaServerInstance<any, any>,
  {
    auth,
    limiter,
    caps,
  }: { auth: Auth; limiter: RateLimiter; caps: KeyCaps<WsConnection> },
) {
  // A message is at most what an HTTP body may be, refused (close 1009) before it is buffered whole:
  // connection_init, the first message, comes before any key is checked.
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: MAX_BODY_BYTES });
  const connections = new Set<WsConnection>();
  useServer<Record<string, unknown> | undefined, Extra>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        // A bare key or another scheme is refused like a wrong key (bearer throws).
        const principal = await Promise.resolve()
          .then(() =>
            auth.authenticate(
              bearer(String(params.authorization ?? params.Authorization ?? ctx.extra.request.headers.authorization ?? '')),
            ),
          )
          .catch(() => null);
        if (!principal) return false; // graphql-ws closes with 4403 Forbidden
        // gone while its key was looked up: its close event has passed, nothing would uncount it
        if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
        const counted = caps.connect(principal, ctx);
        if (counted instanceof DomainError) {
          countRefusal(counted.code);
          ctx.extra.socket.close(TOO_MANY_CONNECTIONS_CLOSE, counted.message);
          return false; // (graphql-ws's own 4403 comes after this close, and is dropped)
        }
        ctx.extra.principal = principal;
        connections.add(ctx);
        ctx.extra.socket.once('close', () => {
          connections.delete(ctx);
          counted();
        });
        return true;
      },
      // An error's HTTP status (extensions.http) is for Yoga's answers over HTTP, which strip it; a
      // socket has none to set, so it goes here too.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: withoutHttp(result.errors) } : undefined,
      onError: (_ctx, _id, _payload, errors) => withoutHttp(errors),
      execute: (args) => (args.rootValue as { execute: Enveloped['execute'] }).execute(args as ExecutionArgs),
      // subscribers asking the same thing share one execution per event, written to their sockets
      // through their outlets (multicast.ts)
      subscribe: (args) => (args.rootValue as { subscribe: Enveloped['subscribe'] }).subscribe(args as ExecutionArgs),
      onSubscribe: async (ctx, id, params) => {
        const principal = ctx.extra.principal;
        if (principal) {
          const refused =
            caps.refuseOperation(principal) ??
            (limiter.allows(principal) ? null : new DomainError('RATE_LIMITED', 'rate limit: too many operations per second for this key'));
          if (refused) {
            countRefusal(refused.code);
            return [new GraphQLError(refused.message, { extensions: { code: refused.code } })];
          }
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          principal: principal ?? null,
          outlet: outlet(ctx.extra.socket, id),
        });
        const document = parse(params.query);
        const args = {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wss,
  );
  // graphql-ws prints a socket's error to stderr with its stack, and closes it with 4500 as a server
  // fault. A socket's errors are its client's frames: one past maxPayload, or malformed (ws has
  // closed it already, with 1009 or 1002). Counted with the refusals instead, after graphql-ws's
  // own listener is registered (on the same event, just before this one).
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) =>
      countRefusal(error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'PAYLOAD_TOO_LARGE' : (error.code ?? 'WS_ERROR')),
    );
  });
  return {
    /** subscriptions open over WebSocket in this process (a metric) */
    openSubscriptions: () => [...connections].reduce((n, c) => n + Object.keys(c.subscriptions).length, 0),
    /** keys with open sockets in this process */
    keys: caps.keys,
    /** a revoked key's sockets close with 4403 */
    closeKeys(keys: Set<string>) {
      for (const key of keys) for (const c of caps.connections(key)) c.extra.socket.close(CloseCode.Forbidden, 'API key revoked');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}

/** A subscription's socket, where a shared result is written as graphql-ws's frame would be. */
function outlet(socket: WebSocket, id: string): Outlet {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  return { socket, frame: (result) => `${head}${payloadText(result)}}` };
}

/**
 * A shared result's payload, serialized once for every socket it is written to. Its errors are
 * masked and logged here, as Yoga does for a result it hands out itself.
 */
const payloads = new WeakMap<ExecutionResult, string>();
function payloadText(result: ExecutionResult): string {
  let text = payloads.get(result);
  if (text === undefined) {
    const errors = result.errors?.map((error) => {
      logError(error);
      return maskError(error, 'Unexpected error.') as GraphQLError;
    });
    text = JSON.stringify(errors?.length ? { ...result, errors: withoutHttp(errors) } : result);
    payloads.set(result, text);
  }
  return text;
}

function withoutHttp(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((e) => {
    const { extensions, ...rest } = e.toJSON();
    if (!extensions || !('http' in extensions)) return e.toJSON();
    const { http: _http, ...kept } = extensions;
    return Object.keys(kept).length ? { ...rest, extensions: kept } : rest;
  });
}
