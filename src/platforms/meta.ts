// The Meta client (Graph / Marketing API, PLATFORMS.md): the ad account, its campaigns, insights
// per campaign and day, the activity log, and one POST per campaign status change. The token goes
// in the Authorization header, never in a URL; paging.next links are followed as given but on the
// configured API's origin only, and without any access_token they carry. Meta's error bodies
// become PlatformErrors by their codes (throttling often comes as HTTP 400), and every answer's
// usage headers become `quota`. Spend ("5339.5", major units) becomes micros by string
// arithmetic, never a float.
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

const SERVICE = 'Meta';
/** items asked per page of a list */
const PAGE = 500;
/** pages followed at most in one list (a loop of links ends here) */
const MAX_PAGES = 10_000;
/** a throttled answer that says nothing of when access returns: wait this long */
const DEFAULT_RETRY_MS = 60_000;
/** Meta's throttling codes: application, user, per-ad-account, and the business use cases (80000–80014) */
const THROTTLED = new Set([4, 17, 32, 613]);
/** every campaign but deleted ones (archived ones read as REMOVED) */
const EFFECTIVE_STATUSES = ['ACTIVE', 'PAUSED', 'ARCHIVED', 'IN_PROCESS', 'WITH_ISSUES'];

export class MetaClient implements PlatformClient {
  readonly platform = 'META' as const;
  quota: { percent: number; at: Date } | null = null;

  constructor(
    /** act_<digits> */
    private readonly accountId: string,
    private readonly credentials: Credentials,
    private readonly settings: PlatformSettings,
  ) {}

  async readAccount(): Promise<AccountInfo> {
    const a = (await this.get(this.url(this.accountId, { fields: 'name,currency,timezone_name,account_status' }))) as Record<
      string,
      unknown
    >;
    if (typeof a.currency !== 'string' || typeof a.timezone_name !== 'string')
      throw new PlatformError('INVALID', `${SERVICE}: ${this.accountId} answered without its currency and time zone`);
    return { externalAccountId: this.accountId, name: String(a.name ?? ''), currency: a.currency, timeZone: a.timezone_name };
  }

  async listCampaigns(): Promise<PlatformCampaign[]> {
    const rows = await this.list(
      this.url(`${this.accountId}/campaigns`, {
        fields: 'id,name,status,effective_status',
        effective_status: JSON.stringify(EFFECTIVE_STATUSES),
        limit: String(PAGE),
      }),
    );
    return rows.map((c) => {
      const status = statusOf(c.status);
      if (status === null)
        throw new PlatformError('INVALID', `${SERVICE}: unknown campaign status ${shortMessage(JSON.stringify(c.status), 40)}`);
      return { externalCampaignId: String(c.id), name: String(c.name ?? ''), status };
    });
  }

  async costs(from: string, to: string): Promise<CostRow[]> {
    const rows = await this.list(
      this.url(`${this.accountId}/insights`, {
        level: 'campaign',
        fields: 'campaign_id,spend',
        time_range: JSON.stringify({ since: from, until: to }),
        time_increment: '1',
        limit: String(PAGE),
      }),
    );
    return rows.map((r) => {
      const reported = r.spend ?? '0';
      return {
        externalCampaignId: String(r.campaign_id),
        date: String(r.date_start),
        micros: spendMicros(reported),
        reported: String(reported),
      };
    });
  }

  /**
   * One POST per campaign, in order. A campaign's refusal (a deleted campaign, a bad id) is its
   * outcome; anything else (throttled, token refused, Meta down) stops the batch: the error
   * carries the outcomes so far in details.done.
   */
  async setStatuses(writes: readonly StatusWrite[]): Promise<WriteOutcome[]> {
    const done: WriteOutcome[] = [];
    for (const w of writes) {
      try {
        const body = (await this.post(this.url(w.externalCampaignId), {
          status: w.status === 'ENABLED' ? 'ACTIVE' : 'PAUSED',
        })) as { success?: unknown };
        done.push({
          externalCampaignId: w.externalCampaignId,
          error:
            body?.success === true
              ? null
              : new PlatformError('INVALID', `${SERVICE} did not confirm the change of campaign ${w.externalCampaignId}`),
        });
      } catch (error) {
        if (error instanceof PlatformError && error.kind === 'INVALID') done.push({ externalCampaignId: w.externalCampaignId, error });
        else {
          if (error instanceof PlatformError) error.details.done = [...done];
          throw error;
        }
      }
    }
    return done;
  }

  async changes(since: Date): Promise<ChangeRecord[]> {
    const rows = await this.list(
      this.url(`${this.accountId}/activities`, {
        fields: 'event_type,event_time,actor_name,application_name,object_id,extra_data',
        since: String(Math.floor(since.getTime() / 1000)),
        limit: String(PAGE),
      }),
    );
    const out: ChangeRecord[] = [];
    for (const r of rows) {
      if (r.event_type !== 'update_campaign_run_status') continue;
      const at = Date.parse(String(r.event_time ?? '').replace(/([+-][0-9]{2})([0-9]{2})$/, '$1:$2'));
      if (Number.isNaN(at) || at < since.getTime()) continue;
      const app = typeof r.application_name === 'string' && r.application_name ? r.application_name : null;
      const actor = typeof r.actor_name === 'string' && r.actor_name ? r.actor_name : app;
      out.push({ externalCampaignId: String(r.object_id), at: new Date(at), status: newStatus(r.extra_data), actor, viaApi: app !== null });
    }
    return out.sort((a, b) => b.at.getTime() - a.at.getTime());
  }

  private url(path: string, params: Record<string, string> = {}): URL {
    const m = this.settings.meta;
    const url = new URL(`${m.apiUrl.replace(/\/+$/, '')}/${m.apiVersion}/${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url;
  }

  /** Every page of a list, following paging.next on the API's own origin. */
  private async list(first: URL): Promise<Record<string, any>[]> {
    const out: Record<string, any>[] = [];
    let next: URL | null = first;
    for (let pages = 0; next && pages < MAX_PAGES; pages++) {
      const body = (await this.get(next)) as { data?: Record<string, any>[]; paging?: { next?: string } };
      if (!Array.isArray(body?.data)) throw new PlatformError('INVALID', `${SERVICE}: a list answered without data`);
      out.push(...body.data);
      next = body.paging?.next ? this.followable(body.paging.next) : null;
    }
    return out;
  }

  /** A paging link as a URL to call: on the configured origin (the token goes nowhere else), without a token in it. */
  private followable(link: string): URL {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new PlatformError('INVALID', `${SERVICE}: a paging link is not a URL`);
    }
    if (url.origin !== new URL(this.settings.meta.apiUrl).origin)
      throw new PlatformError('INVALID', `${SERVICE}: a paging link leads to another host (${url.host})`);
    url.searchParams.delete('access_token');
    return url;
  }

  private get(url: URL): Promise<unknown> {
    return this.send(url, 'GET');
  }

  private post(url: URL, form: Record<string, string>): Promise<unknown> {
    return this.send(url, 'POST', form);
  }

  private async send(url: URL, method: 'GET' | 'POST', form?: Record<string, string>): Promise<unknown> {
    const token = this.credentials.accessToken;
    if (!token) throw new PlatformError('AUTH', `${SERVICE}: no access token`);
    const answer = await call({
      url,
      method,
      headers: { authorization: `OAuth ${token}` },
      ...(form ? { body: { form } } : {}),
      timeoutMs: this.settings.timeoutMs,
      allowHosts: this.settings.allowHosts,
      service: SERVICE,
    });
    const usage = usageOf(answer);
    if (usage.percent !== null) this.quota = { percent: usage.percent, at: new Date() };
    const body = jsonOf(answer.text) as Record<string, any> | null;
    if (answer.status >= 200 && answer.status < 300 && body !== null && !body.error) return body;
    throw metaError(answer, body, usage.retryAfterMs, token);
  }
}

/** A failed answer as a PlatformError of its kind. */
function metaError(answer: CallAnswer, body: Record<string, any> | null, retryAfterMs: number | null, token: string): PlatformError {
  const status = answer.status;
  const e = body?.error as Record<string, any> | undefined;
  if (!e || typeof e !== 'object') {
    if (status === 429)
      return new PlatformError('RATE_LIMIT', `${SERVICE}: too many requests (HTTP 429)`, {
        status,
        retryAfterMs: retryAfterMs ?? DEFAULT_RETRY_MS,
      });
    if (status === 401) return new PlatformError('AUTH', `${SERVICE}: the access token was refused (HTTP 401)`, { status });
    if (status >= 500 || body === null)
      return new PlatformError('TRANSIENT', `${SERVICE}: answered HTTP ${status}${body === null ? ' without JSON' : ''}`, { status });
    return new PlatformError('INVALID', `${SERVICE}: answered HTTP ${status}`, { status });
  }
  const code = Number(e.code);
  const sub = e.error_subcode === undefined ? '' : `/${e.error_subcode}`;
  const said = shortMessage(scrub(String(e.message ?? ''), token));
  const message = `${SERVICE}: error ${code}${sub} (HTTP ${status})${said ? `: ${said}` : ''}`;
  const details = { status, code: String(code) };
  if (THROTTLED.has(code) || (code >= 80000 && code <= 80014))
    return new PlatformError('RATE_LIMIT', message, { ...details, retryAfterMs: retryAfterMs ?? DEFAULT_RETRY_MS });
  if (code === 190 || code === 102 || code === 104) return new PlatformError('AUTH', message, details);
  if (code === 10 || (code >= 200 && code <= 299)) return new PlatformError('PERMISSION', message, details);
  if (code === 1 || code === 2 || e.is_transient === true || status >= 500) return new PlatformError('TRANSIENT', message, details);
  return new PlatformError('INVALID', message, details);
}

/** A message as ours may carry it: Meta echoes a malformed token at times. */
function scrub(text: string, token: string): string {
  return text
    .split(token)
    .join('[token]')
    .replace(/\bEAA[A-Za-z0-9]{8,}/g, '[token]');
}

/**
 * The usage headers: the highest percent any of them gives (x-business-use-case-usage's call_count,
 * total_cputime, total_time; x-ad-account-usage's acc_id_util_pct), and when access returns
 * (estimated_time_to_regain_access minutes, else reset_time_duration seconds) when it is later.
 */
export function usageOf(answer: CallAnswer): { percent: number | null; retryAfterMs: number | null } {
  const percents: number[] = [];
  let regainMs = 0;
  const buc = jsonOf(headerOf(answer.headers, 'x-business-use-case-usage') ?? '') as Record<string, unknown> | null;
  if (buc && typeof buc === 'object') {
    for (const entries of Object.values(buc)) {
      for (const u of Array.isArray(entries) ? entries : []) {
        for (const k of ['call_count', 'total_cputime', 'total_time']) if (Number.isFinite(u?.[k])) percents.push(Number(u[k]));
        const minutes = Number(u?.estimated_time_to_regain_access);
        if (Number.isFinite(minutes) && minutes > 0) regainMs = Math.max(regainMs, minutes * 60_000);
      }
    }
  }
  const acc = jsonOf(headerOf(answer.headers, 'x-ad-account-usage') ?? '') as Record<string, unknown> | null;
  if (acc && typeof acc === 'object') {
    if (Number.isFinite(acc.acc_id_util_pct)) percents.push(Number(acc.acc_id_util_pct));
    const seconds = Number(acc.reset_time_duration);
    if (!regainMs && Number.isFinite(seconds) && seconds > 0) regainMs = seconds * 1000;
  }
  return { percent: percents.length ? Math.max(...percents) : null, retryAfterMs: regainMs || null };
}

/** Meta's `spend` (major units, "5339.5", "12") as exact micros; anything else is INVALID. */
export function spendMicros(spend: unknown): bigint {
  const m = typeof spend === 'string' ? /^([0-9]{1,15})(?:\.([0-9]{1,6}))?$/.exec(spend) : null;
  if (!m) throw new PlatformError('INVALID', `${SERVICE}: spend is not a decimal amount: ${shortMessage(JSON.stringify(spend), 40)}`);
  return BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/** A campaign's configured status, normalized (ACTIVE is ENABLED; ARCHIVED and DELETED are REMOVED), or null. */
function statusOf(value: unknown): PlatformStatus | null {
  switch (String(value).toUpperCase()) {
    case 'ACTIVE':
      return 'ENABLED';
    case 'PAUSED':
      return 'PAUSED';
    case 'ARCHIVED':
    case 'DELETED':
      return 'REMOVED';
    default:
      return null;
  }
}

/** The new status an activity's extra_data names ({"old_value":…,"new_value":…}), or null. */
function newStatus(extra: unknown): PlatformStatus | null {
  const data = typeof extra === 'string' ? (jsonOf(extra) as Record<string, unknown> | null) : (extra as Record<string, unknown> | null);
  return data && typeof data === 'object' ? statusOf(data.new_value) : null;
}
