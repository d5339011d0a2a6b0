// The Google Ads client (REST, PLATFORMS.md): GAQL through googleAds:searchStream for the account,
// campaigns, costs and change history; one campaigns:mutate with partialFailure per 10,000 status
// writes. Access tokens come from the refresh token at GOOGLE_OAUTH_TOKEN_URL, cached in the
// process (keyed by a hash, never by the token) until shortly before they expire; a 401 with a
// cached token refreshes once and retries before the credentials are called refused. Google's
// error bodies become PlatformErrors by their error codes (quotaError, authenticationError, …),
// the messages naming the code, never a token.
import { createHash } from 'node:crypto';
import { localClock } from '../domain/time.ts';
import { call, headerOf, jsonOf, shortMessage, type CallAnswer } from './http.ts';
import {
  PlatformError,
  type AccountInfo,
  type ChangeRecord,
  type CostRow,
  type Credentials,
  type PlatformCampaign,
  type PlatformClient,
  type PlatformSettings,
  type PlatformStatus,
  type StatusWrite,
  type WriteOutcome,
} from './types.ts';

const SERVICE = 'Google Ads';
/** campaigns:mutate takes at most this many operations in one request */
export const MUTATE_OPERATIONS = 10_000;
/** RESOURCE_TEMPORARILY_EXHAUSTED without a readable retryDelay: wait this long */
const DEFAULT_RETRY_MS = 30_000;
/** change_event reaches back 30 days at most; ask a day less, so a range start is never refused */
const CHANGE_HISTORY_MS = 29 * 86_400_000;

interface CachedToken {
  token: Promise<{ accessToken: string; expiresAt: number }>;
}
/** Access tokens of this process, by sha256(tokenUrl, clientId, refreshToken). */
const tokens = new Map<string, CachedToken>();

export interface ClientOptions {
  /** the current instant (ms); the change history's range ends here (default Date.now) */
  now?: () => number;
}

export class GoogleAdsClient implements PlatformClient {
  readonly platform = 'GOOGLE_ADS' as const;
  readonly quota = null;
  private timeZone: string | null = null;
  private readonly now: () => number;

  constructor(
    /** the 10-digit customer id */
    private readonly customerId: string,
    private readonly credentials: Credentials,
    private readonly settings: PlatformSettings,
    options: ClientOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async readAccount(): Promise<AccountInfo> {
    const rows = await this.search(
      'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone FROM customer',
    );
    const customer = (rows[0]?.customer ?? {}) as Record<string, unknown>;
    if (typeof customer.currencyCode !== 'string' || typeof customer.timeZone !== 'string')
      throw new PlatformError('INVALID', `${SERVICE}: customer ${this.customerId} answered without its currency and time zone`);
    this.timeZone = customer.timeZone;
    return {
      externalAccountId: this.customerId,
      name: String(customer.descriptiveName ?? ''),
      currency: customer.currencyCode,
      timeZone: customer.timeZone,
    };
  }

  async listCampaigns(): Promise<PlatformCampaign[]> {
    const rows = await this.search('SELECT campaign.id, campaign.name, campaign.status FROM campaign');
    return rows.map((row) => {
      const c = (row.campaign ?? {}) as Record<string, unknown>;
      return { externalCampaignId: String(c.id), name: String(c.name ?? ''), status: statusOf(c.status) };
    });
  }

  async costs(from: string, to: string): Promise<CostRow[]> {
    checkDate(from);
    checkDate(to);
    const rows = await this.search(
      `SELECT campaign.id, metrics.cost_micros, segments.date FROM campaign WHERE segments.date BETWEEN '${from}' AND '${to}'`,
    );
    return rows.map((row) => {
      const reported = (row.metrics as Record<string, unknown> | undefined)?.costMicros ?? '0';
      if (typeof reported !== 'string' || !/^[0-9]{1,19}$/.test(reported))
        throw new PlatformError('INVALID', `${SERVICE}: cost_micros is not a whole number: ${shortMessage(JSON.stringify(reported), 40)}`);
      return {
        externalCampaignId: String((row.campaign as Record<string, unknown>).id),
        date: String((row.segments as Record<string, unknown>).date),
        micros: BigInt(reported),
        reported,
      };
    });
  }

  async setStatuses(writes: readonly StatusWrite[]): Promise<WriteOutcome[]> {
    const done: WriteOutcome[] = [];
    for (let at = 0; at < writes.length; at += MUTATE_OPERATIONS) {
      const chunk = writes.slice(at, at + MUTATE_OPERATIONS);
      try {
        done.push(...(await this.mutate(chunk)));
      } catch (error) {
        if (error instanceof PlatformError) error.details.done = [...done];
        throw error;
      }
    }
    return done;
  }

  async changes(since: Date): Promise<ChangeRecord[]> {
    const timeZone = this.timeZone ?? (await this.readAccount()).timeZone;
    const now = this.now();
    const start = Math.max(since.getTime(), now - CHANGE_HISTORY_MS);
    // a day past now: a clock a little behind the platform's misses nothing
    const end = now + 86_400_000;
    const rows = await this.search(
      'SELECT change_event.change_date_time, change_event.client_type, change_event.user_email, change_event.campaign, ' +
        'change_event.new_resource, change_event.changed_fields, change_event.resource_change_operation FROM change_event ' +
        `WHERE change_event.change_date_time >= '${wallClock(start, timeZone)}' AND change_event.change_date_time <= '${wallClock(end, timeZone)}' ` +
        "AND change_event.change_resource_type = 'CAMPAIGN' ORDER BY change_event.change_date_time DESC LIMIT 10000",
    );
    const out: ChangeRecord[] = [];
    for (const row of rows) {
      const e = (row.changeEvent ?? {}) as Record<string, unknown>;
      const operation = String(e.resourceChangeOperation ?? '');
      const fields = String(e.changedFields ?? '').split(',');
      if (!fields.includes('status') && operation !== 'REMOVE') continue;
      const id = /\/campaigns\/([0-9]+)$/.exec(String(e.campaign ?? ''))?.[1];
      const at = instantOf(String(e.changeDateTime ?? ''), timeZone);
      if (!id || at === null || at < since.getTime()) continue;
      const newStatus = ((e.newResource as Record<string, any> | undefined)?.campaign?.status ?? null) as unknown;
      out.push({
        externalCampaignId: id,
        at: new Date(at),
        status: operation === 'REMOVE' ? 'REMOVED' : newStatus === null ? null : statusOrNull(newStatus),
        actor: typeof e.userEmail === 'string' && e.userEmail ? e.userEmail : null,
        viaApi: e.clientType === 'GOOGLE_ADS_API',
      });
    }
    return out;
  }

  /** One mutate of up to 10,000 status writes with partialFailure: each write's outcome, in order. */
  private async mutate(writes: readonly StatusWrite[]): Promise<WriteOutcome[]> {
    if (!writes.length) return [];
    const operations = writes.map((w) => ({
      update: { resourceName: `customers/${this.customerId}/campaigns/${w.externalCampaignId}`, status: w.status },
      updateMask: 'status',
    }));
    const body = (await this.post('campaigns:mutate', { operations, partialFailure: true })) as {
      results?: Record<string, unknown>[];
      partialFailureError?: { details?: unknown[]; message?: string };
    };
    const failed = new Map<number, PlatformError>();
    for (const e of failuresOf(body.partialFailureError?.details)) {
      const path = (e.location?.fieldPathElements ?? []) as { fieldName?: string; index?: number }[];
      const element = path.find((p) => p.fieldName === 'operations');
      if (!element) continue;
      const index = element.index ?? 0; // proto3 JSON may leave a zero out
      if (!failed.has(index)) failed.set(index, classify(400, e ? [e] : [], null, `campaign ${writes[index]?.externalCampaignId}`));
    }
    return writes.map((w, i) => {
      const error = failed.get(i);
      if (error) return { externalCampaignId: w.externalCampaignId, error };
      const result = body.results?.[i];
      // an empty result without its error named: refused all the same
      if (body.partialFailureError && (!result || !result.resourceName))
        return {
          externalCampaignId: w.externalCampaignId,
          error: new PlatformError('INVALID', `${SERVICE} refused the change of campaign ${w.externalCampaignId}`),
        };
      return { externalCampaignId: w.externalCampaignId, error: null };
    });
  }

  /** A GAQL query through searchStream: every batch's rows, in order. */
  private async search(query: string): Promise<Record<string, unknown>[]> {
    const batches = await this.post('googleAds:searchStream', { query });
    if (!Array.isArray(batches)) throw new PlatformError('INVALID', `${SERVICE}: searchStream answered something other than a list`);
    return batches.flatMap((b: { results?: Record<string, unknown>[] }) => b.results ?? []);
  }

  /** POST {apiUrl}/{version}/customers/{id}/{method}; a 401 with a refreshed token is retried once. */
  private async post(method: string, json: unknown): Promise<unknown> {
    const g = this.settings.google;
    const url = new URL(`${g.apiUrl.replace(/\/+$/, '')}/${g.apiVersion}/customers/${this.customerId}/${method}`);
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (this.credentials.loginCustomerId) headers['login-customer-id'] = this.credentials.loginCustomerId;
      const answer = await call({ url, method: 'POST', headers, body: { json }, ...this.transport() });
      if (answer.status >= 200 && answer.status < 300) {
        const body = jsonOf(answer.text);
        if (body === null) throw new PlatformError('TRANSIENT', `${SERVICE}: answered HTTP ${answer.status} without JSON`);
        return body;
      }
      if (answer.status === 401 && attempt === 0 && this.credentials.refreshToken) {
        tokens.delete(this.tokenKey());
        continue;
      }
      throw googleError(answer);
    }
  }

  private transport() {
    return { timeoutMs: this.settings.timeoutMs, allowHosts: this.settings.allowHosts, service: SERVICE };
  }

  private tokenKey(): string {
    const g = this.settings.google;
    return createHash('sha256')
      .update([g.tokenUrl, g.clientId ?? '', this.credentials.refreshToken ?? ''].join('\0'))
      .digest('hex');
  }

  /** The access token to send: the one given, or one refreshed (and cached) from the refresh token. */
  private async accessToken(): Promise<string> {
    const refreshToken = this.credentials.refreshToken;
    if (!refreshToken) {
      if (this.credentials.accessToken) return this.credentials.accessToken;
      throw new PlatformError('AUTH', `${SERVICE}: no refresh token or access token`);
    }
    const key = this.tokenKey();
    const cached = tokens.get(key);
    if (cached) {
      const got = await cached.token.catch(() => null);
      if (got && got.expiresAt > Date.now()) return got.accessToken;
      if (tokens.get(key) === cached) tokens.delete(key);
    }
    const entry: CachedToken = { token: this.refresh(refreshToken) };
    tokens.set(key, entry);
    try {
      return (await entry.token).accessToken;
    } catch (error) {
      if (tokens.get(key) === entry) tokens.delete(key);
      throw error;
    }
  }

  private async refresh(refreshToken: string): Promise<{ accessToken: string; expiresAt: number }> {
    const g = this.settings.google;
    if (!g.clientId || !g.clientSecret)
      throw new PlatformError('INVALID', `${SERVICE}: GOOGLE_ADS_CLIENT_ID and GOOGLE_ADS_CLIENT_SECRET are needed to use a refresh token`);
    const form = { grant_type: 'refresh_token', client_id: g.clientId, client_secret: g.clientSecret, refresh_token: refreshToken };
    const answer = await call({ url: new URL(g.tokenUrl), method: 'POST', body: { form }, ...this.transport() });
    const body = jsonOf(answer.text) as Record<string, unknown> | null;
    if (answer.status === 200 && typeof body?.access_token === 'string') {
      const seconds = Number(body.expires_in ?? 3600);
      const lifetime = (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000;
      // shortly before it expires: a tenth of its life, at most a minute
      return { accessToken: body.access_token, expiresAt: Date.now() + lifetime - Math.min(60_000, lifetime / 10) };
    }
    const code = typeof body?.error === 'string' ? body.error : null;
    const said = code ? ` (${code})` : ` (HTTP ${answer.status})`;
    if (code === 'invalid_grant' || code === 'unauthorized_client')
      throw new PlatformError('AUTH', `${SERVICE}: the refresh token was refused${said}: it has expired or been revoked`, {
        status: answer.status,
        code,
      });
    if (code === 'invalid_client')
      throw new PlatformError(
        'INVALID',
        `${SERVICE}: the OAuth client (GOOGLE_ADS_CLIENT_ID, GOOGLE_ADS_CLIENT_SECRET) was refused${said}`,
        {
          status: answer.status,
          code,
        },
      );
    if (answer.status === 429)
      throw new PlatformError('RATE_LIMIT', `${SERVICE}: the token endpoint is rate limited${said}`, {
        status: answer.status,
        retryAfterMs: retryAfterHeader(answer) ?? DEFAULT_RETRY_MS,
        ...(code ? { code } : {}),
      });
    if (answer.status >= 500 || body === null)
      throw new PlatformError('TRANSIENT', `${SERVICE}: the token endpoint failed${said}`, { status: answer.status });
    throw new PlatformError('INVALID', `${SERVICE}: the token endpoint refused the refresh${said}`, {
      status: answer.status,
      ...(code ? { code } : {}),
    });
  }
}

type AdsError = { errorCode?: Record<string, string>; message?: string; location?: any; details?: any };

/** The GoogleAdsFailure errors inside a google.rpc.Status's details. */
function failuresOf(details: unknown): AdsError[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: { '@type'?: string; errors?: AdsError[] }) =>
    String(d?.['@type'] ?? '').endsWith('.GoogleAdsFailure') && Array.isArray(d.errors) ? d.errors : [],
  );
}

/** A non-2xx answer as a PlatformError of its kind. */
function googleError(answer: CallAnswer): PlatformError {
  let body = jsonOf(answer.text) as any;
  // searchStream answers its error inside the list of batches
  if (Array.isArray(body)) body = body.find((b) => b?.error) ?? null;
  const status = answer.status;
  if (!body?.error) {
    if (status === 401) return new PlatformError('AUTH', `${SERVICE}: the credentials were refused (HTTP 401)`, { status });
    if (status === 429)
      return new PlatformError('RATE_LIMIT', `${SERVICE}: too many requests (HTTP 429)`, {
        status,
        retryAfterMs: retryAfterHeader(answer) ?? DEFAULT_RETRY_MS,
      });
    if (status >= 500 || body === null)
      return new PlatformError('TRANSIENT', `${SERVICE}: answered HTTP ${status}${body === null ? ' without JSON' : ''}`, { status });
    return new PlatformError('INVALID', `${SERVICE}: answered HTTP ${status}`, { status });
  }
  return classify(status, failuresOf(body.error.details), body.error, null, retryAfterHeader(answer));
}

/**
 * An answer's errors as one PlatformError: the first error code decides (quota, auth, permission),
 * then the HTTP status. `about` names a campaign for a partial failure's outcome.
 */
function classify(
  status: number,
  errors: AdsError[],
  rpc: { status?: string; message?: string } | null,
  about: string | null = null,
  retryHeader: number | null = null,
): PlatformError {
  const first = errors[0];
  const [family, code] = Object.entries(first?.errorCode ?? {})[0] ?? [null, rpc?.status ?? null];
  const what = family ? `${family} ${code}` : (code ?? `HTTP ${status}`);
  const said = shortMessage(first?.message ?? rpc?.message ?? '');
  const message = `${SERVICE}${about ? ` refused ${about}` : ''}: ${what}${status >= 400 && !about ? ` (HTTP ${status})` : ''}${said ? `: ${said}` : ''}`;
  const details = { status, ...(code ? { code: String(code) } : {}) };
  if (code === 'RESOURCE_TEMPORARILY_EXHAUSTED') {
    const delay = durationMs(first?.details?.quotaErrorDetails?.retryDelay);
    return new PlatformError('RATE_LIMIT', message, { ...details, retryAfterMs: delay ?? retryHeader ?? DEFAULT_RETRY_MS });
  }
  if (family === 'quotaError' && code === 'RESOURCE_EXHAUSTED') return new PlatformError('QUOTA', message, details);
  if (status === 429) return new PlatformError('RATE_LIMIT', message, { ...details, retryAfterMs: retryHeader ?? DEFAULT_RETRY_MS });
  if (status === 401 || /^OAUTH_TOKEN_/.test(String(code))) return new PlatformError('AUTH', message, details);
  if (status === 403 || code === 'USER_PERMISSION_DENIED' || family === 'authorizationError')
    return new PlatformError('PERMISSION', message, details);
  if (status >= 500 || family === 'internalError') return new PlatformError('TRANSIENT', message, details);
  return new PlatformError('INVALID', message, details);
}

/** A protobuf Duration in JSON ("2s", "1.500s") as ms, or null. */
function durationMs(value: unknown): number | null {
  const m = typeof value === 'string' ? /^([0-9]+)(?:\.([0-9]{1,9}))?s$/.exec(value) : null;
  if (!m) return null;
  return Number(m[1]) * 1000 + Math.ceil(Number(`0.${m[2] ?? '0'}`) * 1000);
}

function retryAfterHeader(answer: CallAnswer): number | null {
  const value = headerOf(answer.headers, 'retry-after');
  return value && /^[0-9]{1,9}$/.test(value.trim()) ? Number(value.trim()) * 1000 : null;
}

function statusOf(value: unknown): PlatformStatus {
  const status = statusOrNull(value);
  if (status === null) throw new PlatformError('INVALID', `${SERVICE}: unknown campaign status ${shortMessage(JSON.stringify(value), 40)}`);
  return status;
}

function statusOrNull(value: unknown): PlatformStatus | null {
  return value === 'ENABLED' || value === 'PAUSED' || value === 'REMOVED' ? value : null;
}

function checkDate(date: string): void {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date)) throw new PlatformError('INVALID', `a date is YYYY-MM-DD; got ${shortMessage(date, 20)}`);
}

/** The account's wall clock at an instant, as ms since the epoch read as UTC (whole seconds). */
function wallMs(at: number, timeZone: string): number {
  const c = localClock(new Date(at), timeZone);
  return Date.parse(`${c.date}T00:00:00Z`) + c.secondOfDay * 1000;
}

/** An instant as the account's wall clock, 'YYYY-MM-DD HH:MM:SS' (change_date_time's form). */
export function wallClock(at: number, timeZone: string): string {
  return new Date(wallMs(at, timeZone)).toISOString().slice(0, 19).replace('T', ' ');
}

/** 'YYYY-MM-DD HH:MM:SS[.ffffff]' on the account's wall clock → the instant (ms), or null. */
export function instantOf(text: string, timeZone: string): number | null {
  const m = /^([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]{1,6}))?$/.exec(text);
  const asUtc = m ? Date.parse(`${m[1]}T${m[2]}Z`) : NaN;
  if (!m || Number.isNaN(asUtc)) return null;
  const ms = Math.floor(Number(`0.${m[3] ?? '0'}`) * 1000);
  // the zone's offset at a guess, then again at the answer (a DST change between them)
  const offset = (at: number) => wallMs(at, timeZone) - Math.floor(at / 1000) * 1000;
  let at = asUtc - offset(asUtc);
  at = asUtc - offset(at);
  return at + ms;
}
