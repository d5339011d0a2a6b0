// Settings from the environment (and a .env file when present), validated once at start:
// a bad value stops the process with one line naming it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';

export interface Settings {
  /** null = start the embedded PostgreSQL under dataDir */
  readonly databaseUrl: string | null;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly adminKey: string | null;
  /** requests per second per API key and process (BUDGET_ADMIN_KEY is exempt) */
  readonly rateLimit: number;
  /** origins whose pages may call the API from a browser (CORS); empty = this server's own pages only */
  readonly corsOrigins: readonly string[];
  /** a secret a Prometheus scraper sends as its Bearer token for /metrics (admin keys work too) */
  readonly metricsKey: string | null;
  /** the first webhook retry's delay in ms; each further failure doubles it, up to an hour */
  readonly webhookRetryMs: number;
  /** failed webhook deliveries in a row that disable an endpoint */
  readonly webhookMaxFailures: number;
  /** how long a webhook attempt waits for an answer, in ms */
  readonly webhookTimeoutMs: number;
  /**
   * outgoing deliveries (webhooks) a worker process runs at once, apart from enforcement, which has
   * slots of its own; a brand's destinations take at most a quarter of them
   */
  readonly deliveryConcurrency: number;
  /** how often the counts of requests refused before running (wrong keys, over the rate) are logged, in ms */
  readonly refusalLogMs: number;
  /**
   * hosts outgoing calls (webhooks, ad platforms) may reach at any address, private or loopback too;
   * each a URL hostname (`hooks.internal`, `10.0.0.5`, `[fd00::5]`), alone (any port) or with `:port`
   */
  readonly outboundAllowHosts: readonly string[];
  /** subscriptions open at once per API key and process, WebSocket and SSE together (BUDGET_ADMIN_KEY is exempt) */
  readonly maxSubscriptionsPerKey: number;
  /** WebSocket connections open at once per API key and process (BUDGET_ADMIN_KEY is exempt) */
  readonly maxConnectionsPerKey: number;
  /** connections per process for heavy reads (pacing, next changes, backtests, previews), apart from the writes' */
  readonly heavyReadConnections: number;
  /** the longest a heavy read's statement runs, and its wait for a turn, in ms (TIMEOUT past it) */
  readonly heavyReadTimeoutMs: number;
  /**
   * BUDGET_SECRET_KEY: encrypts the ad platforms' credentials at rest (src/platforms/secrets.ts
   * derives the AES-256 key from it); null = credentials cannot be stored
   */
  readonly secretKey: string | null;
  /** the ad platforms' endpoints and Google's OAuth client (src/platforms/settings.ts) */
  readonly googleAdsApiUrl: string;
  readonly googleAdsApiVersion: string;
  readonly googleOauthTokenUrl: string;
  readonly googleAdsClientId: string | null;
  readonly googleAdsClientSecret: string | null;
  readonly metaGraphApiUrl: string;
  readonly metaGraphApiVersion: string;
  /** how often each ad account is polled for spend and statuses, in seconds */
  readonly platformPollSeconds: number;
}

/** The ad platforms' settings when unset: the real APIs (PLATFORMS.md names the versions). */
export const PLATFORM_URL_DEFAULTS = Object.freeze({
  googleAdsApiUrl: 'https://googleads.googleapis.com',
  googleAdsApiVersion: 'v26',
  googleOauthTokenUrl: 'https://oauth2.googleapis.com/token',
  metaGraphApiUrl: 'https://graph.facebook.com',
  metaGraphApiVersion: 'v26.0',
});

/** BUDGET_SECRET_KEY's shortest length: 32 characters (`openssl rand -base64 32` prints 44). */
export const SECRET_KEY_MIN_LENGTH = 32;

/** The heavy-read pool's defaults (src/db/heavy.ts), for processes that set none (commands, tests). */
export const HEAVY_READ_DEFAULTS = { connections: 2, timeoutMs: 20_000 } as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class SettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'SettingError';
  }
}

export function loadDotenv(cwd = process.cwd()): void {
  const file = path.join(cwd, '.env');
  if (existsSync(file)) dotenv.config({ path: file, quiet: true });
}

/** The worker's defaults, also what tests and the default task list run with. */
export const WORKER_DEFAULTS = Object.freeze({
  webhookRetryMs: 5_000,
  webhookMaxFailures: 10,
  webhookTimeoutMs: 10_000,
  deliveryConcurrency: 8,
});

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return Object.freeze({
    databaseUrl: databaseUrl(env.DATABASE_URL, 'DATABASE_URL'),
    port: port(env.PORT),
    host: nonEmpty(env.HOST, 'HOST') ?? '127.0.0.1',
    dataDir: path.resolve(nonEmpty(env.DATA_DIR, 'DATA_DIR') ?? '.data'),
    logLevel: logLevel(env.LOG_LEVEL),
    adminKey: secret('BUDGET_ADMIN_KEY', env.BUDGET_ADMIN_KEY),
    rateLimit: rateLimit(env.BUDGET_RATE_LIMIT),
    corsOrigins: corsOrigins(env.BUDGET_CORS_ORIGINS),
    metricsKey: secret('BUDGET_METRICS_KEY', env.BUDGET_METRICS_KEY),
    webhookRetryMs: whole(
      'BUDGET_WEBHOOK_RETRY_MS',
      env.BUDGET_WEBHOOK_RETRY_MS,
      WORKER_DEFAULTS.webhookRetryMs,
      1,
      3_600_000,
      'milliseconds',
    ),
    webhookMaxFailures: whole(
      'BUDGET_WEBHOOK_MAX_FAILURES',
      env.BUDGET_WEBHOOK_MAX_FAILURES,
      WORKER_DEFAULTS.webhookMaxFailures,
      1,
      1_000,
      'failed deliveries',
    ),
    webhookTimeoutMs: whole(
      'BUDGET_WEBHOOK_TIMEOUT_MS',
      env.BUDGET_WEBHOOK_TIMEOUT_MS,
      WORKER_DEFAULTS.webhookTimeoutMs,
      1_000,
      60_000,
      'milliseconds',
    ),
    deliveryConcurrency: whole(
      'BUDGET_DELIVERY_CONCURRENCY',
      env.BUDGET_DELIVERY_CONCURRENCY,
      WORKER_DEFAULTS.deliveryConcurrency,
      1,
      100,
      'deliveries at once',
    ),
    refusalLogMs: whole('BUDGET_REFUSAL_LOG_MS', env.BUDGET_REFUSAL_LOG_MS, 10_000, 100, 3_600_000, 'milliseconds'),
    outboundAllowHosts: allowHosts(env.OUTBOUND_ALLOW_HOSTS),
    // A dashboard tab holds one connection and three subscriptions: 100 tabs of one key fit both.
    maxSubscriptionsPerKey: whole(
      'BUDGET_MAX_SUBSCRIPTIONS_PER_KEY',
      env.BUDGET_MAX_SUBSCRIPTIONS_PER_KEY,
      500,
      1,
      1_000_000,
      'subscriptions',
    ),
    maxConnectionsPerKey: whole('BUDGET_MAX_CONNECTIONS_PER_KEY', env.BUDGET_MAX_CONNECTIONS_PER_KEY, 100, 1, 1_000_000, 'connections'),
    heavyReadConnections: whole(
      'BUDGET_HEAVY_READ_CONNECTIONS',
      env.BUDGET_HEAVY_READ_CONNECTIONS,
      HEAVY_READ_DEFAULTS.connections,
      1,
      50,
      'connections',
    ),
    heavyReadTimeoutMs: whole(
      'BUDGET_HEAVY_READ_TIMEOUT_MS',
      env.BUDGET_HEAVY_READ_TIMEOUT_MS,
      HEAVY_READ_DEFAULTS.timeoutMs,
      100,
      600_000,
      'milliseconds',
    ),
    secretKey: secret('BUDGET_SECRET_KEY', env.BUDGET_SECRET_KEY, SECRET_KEY_MIN_LENGTH, ' (`openssl rand -base64 32` makes one)'),
    googleAdsApiUrl: httpUrl('GOOGLE_ADS_API_URL', env.GOOGLE_ADS_API_URL) ?? PLATFORM_URL_DEFAULTS.googleAdsApiUrl,
    googleAdsApiVersion:
      apiVersion('GOOGLE_ADS_API_VERSION', env.GOOGLE_ADS_API_VERSION, /^v[0-9]+$/, 'v26') ?? PLATFORM_URL_DEFAULTS.googleAdsApiVersion,
    googleOauthTokenUrl: httpUrl('GOOGLE_OAUTH_TOKEN_URL', env.GOOGLE_OAUTH_TOKEN_URL) ?? PLATFORM_URL_DEFAULTS.googleOauthTokenUrl,
    googleAdsClientId: nonEmpty(env.GOOGLE_ADS_CLIENT_ID, 'GOOGLE_ADS_CLIENT_ID')?.trim() ?? null,
    googleAdsClientSecret: nonEmpty(env.GOOGLE_ADS_CLIENT_SECRET, 'GOOGLE_ADS_CLIENT_SECRET') ?? null,
    metaGraphApiUrl: httpUrl('META_GRAPH_API_URL', env.META_GRAPH_API_URL) ?? PLATFORM_URL_DEFAULTS.metaGraphApiUrl,
    metaGraphApiVersion:
      apiVersion('META_GRAPH_API_VERSION', env.META_GRAPH_API_VERSION, /^v[0-9]+\.[0-9]+$/, 'v26.0') ??
      PLATFORM_URL_DEFAULTS.metaGraphApiVersion,
    platformPollSeconds: whole('BUDGET_PLATFORM_POLL_SECONDS', env.BUDGET_PLATFORM_POLL_SECONDS, 300, 30, 86_400, 'seconds'),
  });
}

/** An http(s) URL without query or fragment, its trailing slash dropped; undefined when unset. */
function httpUrl(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // refused below
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new SettingError(
      name,
      `must be an http(s) URL without query, fragment or credentials, like https://example.com (got ${JSON.stringify(value)})`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** An API version as it appears in the platform's paths ("v26", "v26.0"); undefined when unset. */
function apiVersion(name: string, value: string | undefined, form: RegExp, example: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!form.test(value)) throw new SettingError(name, `must look like ${example} (got ${JSON.stringify(value)})`);
  return value;
}

function databaseUrl(value: string | undefined, name: string): string | null {
  if (value === undefined || value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingError(name, 'is not a URL; expected postgresql://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new SettingError(name, `must start with postgresql:// (got ${url.protocol}//)`);
  }
  return value;
}

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 4000;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isInteger(n) || n > 65535) {
    throw new SettingError('PORT', `must be a whole number from 0 to 65535 (got ${JSON.stringify(value)})`);
  }
  return n;
}

function nonEmpty(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new SettingError(name, 'is set but empty');
  return value;
}

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = value.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new SettingError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return level as LogLevel;
}

function rateLimit(value: string | undefined): number {
  if (value === undefined || value === '') return 1_000;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1)
    throw new SettingError('BUDGET_RATE_LIMIT', `must be a whole number of requests per second, at least 1 (got ${JSON.stringify(value)})`);
  return n;
}

function corsOrigins(value: string | undefined): readonly string[] {
  if (value === undefined || value.trim() === '') return Object.freeze([]);
  return Object.freeze(
    value.split(',').map((raw) => {
      const origin = raw.trim();
      let parsed: URL | null = null;
      try {
        parsed = new URL(origin);
      } catch {
        // refused below
      }
      if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
        throw new SettingError(
          'BUDGET_CORS_ORIGINS',
          `each origin must look like https://dashboard.example.com (scheme, host, port; no path); got ${JSON.stringify(origin)}`,
        );
      }
      return origin;
    }),
  );
}

/** Comma-separated `host` or `host:port`, written as src/delivery/outbound.ts compares them: as a URL's hostname (lower case, IPv4 in full, IPv6 in brackets). */
function allowHosts(value: string | undefined): readonly string[] {
  if (value === undefined || value.trim() === '') return Object.freeze([]);
  return Object.freeze(
    value.split(',').map((raw) => {
      const entry = raw.trim();
      const parts = /^(\[[0-9a-fA-F:.]+\]|[^\s:/?#@[\]\\]+)(?::([0-9]{1,5}))?$/.exec(entry);
      let host: string | null = null;
      try {
        host = parts ? new URL(`http://${parts[1]}`).hostname : null;
      } catch {
        // refused below
      }
      const port = parts?.[2] === undefined ? null : Number(parts[2]);
      if (!host || (port !== null && (port < 1 || port > 65_535))) {
        throw new SettingError(
          'OUTBOUND_ALLOW_HOSTS',
          `each entry must be a host or host:port, like hooks.internal, 10.0.0.5:8443 or [fd00::5]:443; got ${JSON.stringify(entry)}`,
        );
      }
      return port === null ? host : `${host}:${port}`;
    }),
  );
}

/** A whole number from min to max, or the default when unset. */
function whole(name: string, value: string | undefined, fallback: number, min: number, max: number, unit: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < min || n > max) {
    throw new SettingError(name, `must be a whole number of ${unit} from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** A secret setting: unset or empty is none; otherwise `min` characters or more (16 by default). */
function secret(name: string, value: string | undefined, min = 16, hint = ''): string | null {
  if (!value) return null;
  if (value.length < min) throw new SettingError(name, `must be at least ${min} characters${hint}`);
  return value;
}
