// The HTTP face: GraphQL (Yoga, GraphiQL in the browser; graphql-ws and SSE for subscriptions) at
// /graphql, the old system's REST API at /api (rest/), the pages, and the operators' /health,
// /ready and /metrics (probes.ts), all routed as Yoga plugins; API keys and limits in front of all but the probes.
// Before Yoga: the request id, and the body counted against its limit as it arrives.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createYoga } from 'graphql-yoga';
import { db, heavyReads } from '../db/index.ts';
import { createContext, type Context, type Feed } from '../graphql/context.ts';
import { logError, maskError, useFieldErrors } from '../graphql/errors.ts';
import { useMutationPreflight } from '../graphql/preflight.ts';
import { schema } from '../graphql/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createSpendQueue } from '../engine/spendQueue.ts';
import { FeedHub } from '../feed/hub.ts';
import type { Principal } from '../domain/scope.ts';
import { log, withRequestId } from '../log.ts';
import { bearer, createAuth, type Auth } from './auth.ts';
import { createKeyCaps, type CapSettings, type KeyCaps } from './caps.ts';
import { closeUnread, createRateLimiter, limitPlugins, MAX_BODY_BYTES, type RateLimiter } from './limits.ts';
import { GRAPHIQL, renderGraphiQL, usePages } from './pages.ts';
import { refusal } from './refusal.ts';
import { useRestApi } from './rest/index.ts';
import { attachWebSockets, type WsConnection } from './websocket.ts';
import { observeHttp, useOperationMetrics } from './observe.ts';
import { useProbes } from './probes.ts';
import { createLeanPath, type LeanPath } from './lean.ts';
import { gauge } from '../metrics.ts';
import { pools } from '../db/client.ts';
import { unavailable } from '../db/errors.ts';
import { newestId } from '../db/signals.ts';
import { useSharedSubscriptions, type MulticastOptions } from './multicast.ts';
import { PLATFORM_DEFAULTS, type PlatformSettings } from '../platforms/types.ts';

const logger = log.child({ module: 'server' });

export interface AppParts {
  auth: Auth;
  limiter: RateLimiter;
  /** what each key holds open: SSE subscriptions are counted and capped by its plugin */
  caps: KeyCaps<WsConnection>;
  feed: Feed;
  /** BUDGET_CORS_ORIGINS: the other origins whose pages may call the API (none: same origin only) */
  corsOrigins?: readonly string[];
  /** BUDGET_METRICS_KEY: a scraper's Bearer token for /metrics (admin keys work too) */
  metricsKey?: string | null;
  /** OUTBOUND_ALLOW_HOSTS: hosts a webhook URL may name whatever their address (none: public addresses only) */
  outboundAllowHosts?: readonly string[];
  /** GOOGLE_ADS_* and META_* (the real APIs, through OUTBOUND_ALLOW_HOSTS, unless given) */
  platforms?: PlatformSettings;
  /** BUDGET_SECRET_KEY's AES key (src/platforms/secrets.ts); null: ad-platform credentials are refused */
  credentialsKey?: Buffer | null;
  /** how long a subscriber of a shared execution may hold it back (tests shorten it) */
  multicast?: MulticastOptions;
}

export function createApp({
  auth,
  limiter,
  caps,
  feed,
  corsOrigins = [],
  metricsKey = null,
  outboundAllowHosts = [],
  platforms = { ...PLATFORM_DEFAULTS, allowHosts: outboundAllowHosts },
  credentialsKey = null,
  multicast,
}: AppParts) {
  const keys = auth.plugin(limiter);
  const spends = createSpendQueue(db());
  const services = { keys: auth, feed, spends, outboundAllowHosts, platforms: { platforms, secretKey: credentialsKey } };
  const rest = useRestApi(async (request, context) => {
    const keyId = ((context as { principal?: Principal | null }).principal ?? keys.principalOf(request))?.keyId;
    return !keyId || (await auth.stillValid([keyId])).has(keyId);
  });
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse; principal?: Principal | null }, Context>({
    schema,
    // Keys travel in the Authorization header, never cookies: no credentials to allow. An origin not
    // listed gets no CORS headers, so a browser keeps its page from reading the answers.
    cors: (request) => {
      const origin = request.headers.get('origin');
      if (!origin || !corsOrigins.includes(origin)) return false;
      return { origin: [origin], credentials: false, allowedHeaders: ['authorization', 'content-type', 'accept'], maxAge: 600 };
    },
    graphqlEndpoint: '/graphql',
    // Yoga's own health check answers an empty 200 to every URL that ends with its endpoint (even
    // /api/health): ours is /health in probes.ts. A URL from the wire never ends with '#' (no
    // fragment is sent), so this turns Yoga's off.
    healthCheckEndpoint: '#',
    landingPage: false,
    // GraphiQL from our own files (src/server/pages.ts): no CDN
    graphiql: GRAPHIQL,
    renderGraphiQL,
    maskedErrors: { maskError },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: logError,
    },
    // A WebSocket authenticates once, at connection init, and passes its principal in.
    context: ({ request, principal }) => createContext(services, principal !== undefined ? principal : keys.principalOf(request)),
    plugins: [
      useProbes({ auth, metricsKey }),
      keys,
      // before caps: it counts each subscriber of a shared execution
      useSharedSubscriptions(multicast),
      caps.plugin(),
      ...limitPlugins((c) => Boolean(c.principal ?? keys.principalOf(c.request as Request))),
      useMutationPreflight(),
      useFieldErrors(),
      usePages(),
      rest,
      useGraphQlJit(
        {},
        {
          enableIf: (args) =>
            args.document.definitions.every((d) => d.kind !== 'OperationDefinition' || d.operation === 'query'),
        },
      ),
      // last: it wraps the execute function the others chose (graphql-jit's for queries) in the operation's span
      useOperationMetrics(),
    ],
  });
  leanPaths.set(yoga, createLeanPath(yoga, limiter, rest));
  return yoga;
}

/** Each app's lean path (lean.ts), for the server that answers with it. */
const leanPaths = new WeakMap<object, LeanPath>();

export interface RunningServer {
  server: Server;
  url: string;
  /** this server's live feed (tests wait on it) */
  feed: FeedHub;
  /** what each key holds open here (tests read it) */
  caps: KeyCaps<WsConnection>;
  /** Stops accepting, lets in-flight requests finish for up to graceMs, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

export interface ServerSettings extends CapSettings {
  host: string;
  /** 0: any free port */
  port: number;
  /** for the feed's own LISTEN connection; queries go through db() */
  databaseUrl: string;
  /** BUDGET_ADMIN_KEY, or null */
  adminKey: string | null;
  /** requests per second per key (BUDGET_RATE_LIMIT) */
  rateLimit: number;
  /** BUDGET_CORS_ORIGINS */
  corsOrigins?: readonly string[];
  /** BUDGET_METRICS_KEY: a scraper's Bearer token for /metrics (admin keys work too) */
  metricsKey?: string | null;
  /** OUTBOUND_ALLOW_HOSTS */
  outboundAllowHosts?: readonly string[];
  /** GOOGLE_ADS_*, META_* (src/platforms/settings.ts) */
  platforms?: PlatformSettings;
  /** BUDGET_SECRET_KEY's AES key, or null */
  credentialsKey?: Buffer | null;
}

export async function startServer({
  host,
  port,
  databaseUrl,
  adminKey,
  rateLimit,
  corsOrigins,
  metricsKey = null,
  outboundAllowHosts,
  platforms,
  credentialsKey,
  maxSubscriptionsPerKey,
  maxConnectionsPerKey,
}: ServerSettings): Promise<RunningServer> {
  const feed = new FeedHub({ url: databaseUrl, db: db() });
  const auth = createAuth({ adminKey, db: db() });
  const limiter = createRateLimiter(rateLimit);
  const caps = createKeyCaps<WsConnection>({ maxSubscriptionsPerKey, maxConnectionsPerKey });
  const yoga = createApp({ auth, limiter, caps, feed, corsOrigins, metricsKey, outboundAllowHosts, platforms, credentialsKey });
  // A request's headers must arrive within 10 s and the whole request (its body too) within 30 s,
  // checked every second: a client trickling a body holds nothing for longer (Node's defaults are
  // 60 s and 300 s, checked every 30 s). Answers and subscriptions are not bounded by this.
  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      const requestId = requestIdOf(req.headers['x-request-id']);
      res.setHeader('x-request-id', requestId);
      withRequestId(requestId, () => handle(req, res));
    },
  );
  const lean = leanPaths.get(yoga)!;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    observeHttp(req, res, path);
    principalOf(req, auth)
      .then(async (principal) => {
        if (principal instanceof DomainError) return principal;
        const limit = principal === null ? MAX_BODY_BYTES_WITHOUT_KEY : MAX_BODY_BYTES;
        return { principal, limit, body: await readBody(req, limit) };
      })
      .then(
        (read) => {
          if (read instanceof DomainError) return refuseUnread(res, read);
          const { principal, limit, body } = read;
          if (body === TOO_LARGE) return refuseUnread(res, limit === MAX_BODY_BYTES ? TOO_LARGE_ERROR : WITHOUT_KEY_ERROR);
          // one query or mutation, or a REST write, with a key: without Yoga's fetch-API layer (lean.ts)
          if (principal && body instanceof Buffer && lean(req, res, principal, body)) return;
          // Handed to Yoga as already read (whatwg-node takes a `body` on the request as its body),
          // with the key's principal, so the API's own check does not look the key up again.
          if (body instanceof Buffer) Object.assign(req, { body: readBodyFor(req, path, body) });
          void yoga(req, res, principal === undefined ? {} : { principal });
        },
        () => res.destroy(), // the client went away mid-body
      );
  };
  await feed.start();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await feed.stop(); // its LISTEN connection would keep the process (and the database) busy
    throw error;
  }
  const sockets = attachWebSockets(server, yoga, { auth, limiter, caps });
  gauge('budget_subscriptions_open', 'subscriptions open in this process, by transport', ['transport'], () => [
    [{ transport: 'ws' }, sockets.openSubscriptions()],
    [{ transport: 'sse' }, caps.sse.open],
  ]);
  gauge(
    'budget_feed_lag_events',
    'status events committed that this process has not yet handed to its subscribers (newest event id minus the last delivered)',
    [],
    async () => {
      // unknown while the database is away: the series is left out of that scrape
      const newest = await newestId(db(), 'campaign_status_events').catch(() => null);
      if (newest === null) return [];
      const lag = newest - feed.position();
      return [[{}, Number(lag > 0n ? lag : 0n)]];
    },
  );
  gauge(
    'budget_db_pool_connections',
    'database pool connections of this process: total, idle, and requests waiting for one',
    ['state'],
    () => {
      const all = [...pools.values()];
      const sum = (f: (p: (typeof all)[number]) => number) => all.reduce((n, p) => n + f(p), 0);
      return [
        [{ state: 'total' }, sum((p) => p.totalCount)],
        [{ state: 'idle' }, sum((p) => p.idleCount)],
        [{ state: 'waiting' }, sum((p) => p.waitingCount)],
      ];
    },
  );
  gauge(
    'budget_heavy_reads',
    'heavy reads of this process (pacing, next changes, backtests, previews): running, and waiting for a turn',
    ['state'],
    () => [
      [{ state: 'running' }, heavyReads().running],
      [{ state: 'waiting' }, heavyReads().waiting],
    ],
  );
  gauge(
    'budget_platform_sync_lag_seconds',
    'how long ago the least recently synced connected ad account was synced, by platform (from its connection when never)',
    ['platform'],
    async () => {
      const rows = await db().$queryRaw<{ platform: string; lag: number }[]>`
          select platform::text as platform, extract(epoch from max(now() - coalesce(last_sync_at, created_at)))::float8 as lag
            from ad_accounts where status <> 'DISCONNECTED' group by platform`.catch(() => []);
      return rows.map((r) => [{ platform: r.platform }, r.lag]);
    },
  );
  // A revoked key's open subscriptions end within two seconds, in every process.
  const watch = setInterval(() => {
    const keys = [...new Set([...sockets.keys(), ...feed.owners()])];
    if (keys.length === 0) return;
    auth.stillValid(keys).then(
      (valid) => {
        const revoked = new Set(keys.filter((k) => !valid.has(k)));
        if (revoked.size === 0) return;
        sockets.closeKeys(revoked);
        feed.failOwners(revoked, new DomainError('UNAUTHENTICATED', 'this API key has been revoked'));
      },
      (error: unknown) => logger.warn({ err: error }, 'could not re-check the keys of open subscriptions'),
    );
  }, 1_000);
  watch.unref();
  const address = server.address() as { port: number };
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    server,
    url,
    feed,
    caps,
    close: async (graceMs = 10_000) => {
      clearInterval(watch);
      // Subscriptions never finish on their own: end them (SSE streams complete, sockets close with
      // 1001 = going away) so clients reconnect to another process.
      await feed.stop();
      await sockets.close();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

const TOO_LARGE = Symbol('too large');

/**
 * The request body, counted as it arrives, however it is sent (Content-Length or chunked): past
 * `limit` bytes reading stops and the answer is 413. null: no body (GET, HEAD).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null | typeof TOO_LARGE> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(null);
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(TOO_LARGE);
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size === 0 ? null : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

/**
 * The read body as Yoga takes it. whatwg-node first tests a given body with Object.keys, which for
 * a Buffer lists every byte (measured: 23 ms for the 130 kB of a 1,000-spend recordSpends, 290 ms
 * for 10,000). A GraphQL request of JSON goes parsed instead, which whatwg-node hands to Yoga's
 * `request.json()` as it is; anything else (other paths, other types, JSON that is not an object)
 * goes as its bytes, read and refused as before.
 */
function readBodyFor(req: IncomingMessage, path: string, body: Buffer): Buffer | object {
  // Yoga's test of a JSON request: the first of the types given, with or without parameters
  const type = req.headers['content-type']?.split(',')[0];
  if (path !== '/graphql' || !(type === 'application/json' || type?.startsWith('application/json;'))) return body;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.keys(parsed).length > 0 ? parsed : body;
  } catch {
    return body;
  }
}

/** A refusal before the body was read (413, 401), and the connection closed: the rest of the body is not read (closeUnread). */
function refuseUnread(res: ServerResponse, error: DomainError): void {
  const { status, headers, body } = refusal(error, (res.req.url ?? '/').split('?')[0]);
  closeUnread(res);
  res.writeHead(status, { ...headers, connection: 'close' }).end(body);
}

export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

/** Without a key only the open reads answer (`health`): their requests are small. */
export const MAX_BODY_BYTES_WITHOUT_KEY = 64 * 1024;
const TOO_LARGE_ERROR = new DomainError('PAYLOAD_TOO_LARGE', `the request body is over the ${MAX_BODY_BYTES / 2 ** 20} MB limit`);
const WITHOUT_KEY_ERROR = new DomainError(
  'UNAUTHENTICATED',
  `a request without an API key may send at most ${MAX_BODY_BYTES_WITHOUT_KEY / 1024} KB (enough for the health query): ` +
    'send the key as "Authorization: Bearer bk_…" (or "Token bk_…")',
);

/**
 * The key is checked before any of the body is read: a wrong, revoked or malformed key is refused
 * at once (whatever the body's size), a request without a key (null) may send a small body only, a
 * valid key the whole 4 MB. A GET or HEAD has no body: its key is left to the API's check (undefined).
 */
async function principalOf(req: IncomingMessage, auth: Auth): Promise<Principal | null | undefined | DomainError> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const header = req.headers.authorization;
  if (!header) return null;
  try {
    return await auth.authenticate(bearer(header));
  } catch (error) {
    const refused = error instanceof DomainError ? error : unavailable(error);
    if (refused) return refused;
    throw error;
  }
}

/** The caller's x-request-id when it is a plain token (letters, digits, . _ : -, up to 128), else a new one. */
function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}
