// Meta's Graph (Marketing) API, the endpoints the connectors use, as Meta answers them:
// - GET  /v{N}.0/act_{id}?fields=name,currency,timezone_name,…       the ad account
// - GET  /v{N}.0/act_{id}/campaigns?fields=id,name,status,…          campaigns (paged)
// - GET  /v{N}.0/act_{id}/insights?level=campaign&fields=campaign_id,spend&time_range=…&time_increment=1
// - GET  /v{N}.0/act_{id}/activities                                 who changed what (paged)
// - GET  /v{N}.0/{campaign_id}, POST /v{N}.0/{campaign_id} status=PAUSED → {"success": true}
// - GET  /v{N}.0/?ids=a,b&fields=…                                   several objects at once
// Each account read or write checks the token, then the account's calls this rolling hour for its
// use case (throttled past callsPerHour, as Meta's business use case limits do). Error bodies,
// usage headers and paging: metaWire.ts; objects and insight rows: metaViews.ts.

import type { Fault } from './faults.ts';
import { bodyFields, type Answer, type Call } from './wire.ts';
import { accessToken, expired, metaError, page, THROTTLES, unsupported, usageHeaders, type UseCase } from './metaWire.ts';
import {
  ACCOUNT_FIELDS,
  ACTIVITY_FIELDS,
  CAMPAIGN_FIELDS,
  fieldsOf,
  insightRows,
  META_API_ACTOR,
  MetaParamError,
  pick,
  type Activity,
} from './metaViews.ts';
import { STATUSES, type Account, type Campaign } from './model.ts';
import type { World } from './world.ts';

export interface MetaSettings {
  /** calls an ad account may make per rolling hour and use case before Meta throttles it */
  callsPerHour: Record<UseCase, number>;
}

export const META_DEFAULTS: MetaSettings = { callsPerHour: { ads_insights: 100_000, ads_management: 100_000 } };

const MINUTE = 60_000;

export class MetaAds {
  /** calls per account and use case, per minute: [minute, count] */
  private usage = new Map<string, [number, number][]>();
  private revoked = new Set<string>();

  constructor(
    private readonly world: World,
    readonly settings: MetaSettings,
  ) {}

  account(call: Call, id: string): Answer {
    return this.withAccount(call, id, 'ads_management', (account, params) => ({
      status: 200,
      body: pick(account, fieldsOf(params, ACCOUNT_FIELDS, 'AdAccount', ['id', 'account_id']), ACCOUNT_FIELDS),
    }));
  }

  campaigns(call: Call, id: string): Answer {
    return this.withAccount(call, id, 'ads_management', (account, params) => {
      const fields = fieldsOf(params, CAMPAIGN_FIELDS, 'Campaign', ['id']);
      const wanted = jsonList(params.get('effective_status'), 'effective_status');
      const list = [...account.campaigns.values()]
        .filter((c) => (wanted ? wanted.includes(c.status) : c.status !== 'DELETED' && c.status !== 'ARCHIVED'))
        .sort(byId)
        .map((c) => pick(c, fields, CAMPAIGN_FIELDS));
      return page(call, list);
    });
  }

  insights(call: Call, id: string): Answer {
    return this.withAccount(call, id, 'ads_insights', (account, params) => page(call, insightRows(this.world, account, params)));
  }

  activities(call: Call, id: string): Answer {
    return this.withAccount(call, id, 'ads_management', (account, params) => {
      const fields = fieldsOf(params, ACTIVITY_FIELDS, 'AdActivity', Object.keys(ACTIVITY_FIELDS));
      const since = timeParam(params.get('since'), 'since') ?? -Infinity;
      const until = timeParam(params.get('until'), 'until') ?? Infinity;
      const list = this.world.changes
        .filter((change) => change.accountId === account.id && change.at >= since && change.at <= until)
        .reverse()
        .map((change) => pick<Activity>({ account, change }, fields, ACTIVITY_FIELDS));
      return page(call, list);
    });
  }

  /** GET /{campaign_id} */
  campaign(call: Call, id: string): Answer {
    const campaign = this.world.metaCampaign(id);
    if (!campaign) return unsupported(call, id);
    return this.withAccount(call, campaign.account.id, 'ads_management', (_, params) => ({
      status: 200,
      body: pick(campaign, fieldsOf(params, CAMPAIGN_FIELDS, 'Campaign', ['id']), CAMPAIGN_FIELDS),
    }));
  }

  /** POST /{campaign_id} with status (form, JSON or query) → {"success": true} */
  updateCampaign(call: Call, id: string): Answer {
    const campaign = this.world.metaCampaign(id);
    if (!campaign) return unsupported(call, id);
    return this.withAccount(call, campaign.account.id, 'ads_management', (_, params) => {
      const fields = { ...Object.fromEntries(params), ...(bodyFields(call) ?? {}) };
      for (const name of Object.keys(fields)) {
        if (!['access_token', 'appsecret_proof', 'status', 'name', 'execution_options', 'method'].includes(name)) {
          throw new MetaParamError(`(#100) The simulator changes a campaign's status and name only; got ${name}`);
        }
      }
      const status = fields.status === undefined ? undefined : String(fields.status);
      if (status !== undefined && !(STATUSES.META.all as readonly string[]).includes(status)) {
        throw new MetaParamError(`(#100) Param status must be one of {${STATUSES.META.all.join(', ')}}`);
      }
      if (campaign.status === 'DELETED') throw new MetaParamError('(#100) A deleted campaign cannot change.');
      if (String(fields.execution_options ?? '').includes('validate_only')) return { status: 200, body: { success: true } };
      if (fields.name !== undefined) campaign.name = String(fields.name);
      if (status !== undefined) this.world.setStatus(campaign, status, 'API', META_API_ACTOR.actorName);
      return { status: 200, body: { success: true } };
    });
  }

  /** GET /?ids=a,b: several campaigns or ad accounts, by id. */
  objects(call: Call): Answer {
    const ids = (call.url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    const found = ids.map((id) => {
      const account = this.world.accounts.get(id);
      return account?.platform === 'META' ? account : this.world.metaCampaign(id);
    });
    const missing = ids.filter((_, i) => !found[i]);
    if (!ids.length || missing.length)
      return metaError(400, 803, `(#803) Some of the aliases you requested do not exist: ${missing.join(',') || '(none given)'}`);
    const token = accessToken(call);
    const params = call.url.searchParams;
    const out: Record<string, unknown> = {};
    try {
      for (const [i, item] of found.entries()) {
        const isAccount = 'campaigns' in item!;
        const refused = this.authorize(token, isAccount ? (item as Account) : (item as Campaign).account);
        if (refused) return refused;
        out[ids[i]!] = isAccount
          ? pick(item as Account, fieldsOf(params, ACCOUNT_FIELDS, 'AdAccount', ['id', 'account_id']), ACCOUNT_FIELDS)
          : pick(item as Campaign, fieldsOf(params, CAMPAIGN_FIELDS, 'Campaign', ['id']), CAMPAIGN_FIELDS);
      }
    } catch (error) {
      if (error instanceof MetaParamError) return metaError(400, error.code, error.message);
      throw error;
    }
    return { status: 200, body: out };
  }

  /** The answer an injected fault gives in Meta's shape (timeouts and slowness are the server's). */
  fault(fault: Fault, accountId: string | null, endpoint: string): Answer {
    const useCase: UseCase = endpoint === 'insights' ? 'ads_insights' : 'ads_management';
    if (fault.kind === 'expiredToken') return expired();
    if (fault.kind === 'rateLimit') {
      const code = fault.code ?? (useCase === 'ads_insights' ? 80000 : 80004);
      const [message, subcode] = THROTTLES[code]!;
      const minutes = Math.max(1, Math.ceil(fault.retryDelaySeconds / 60));
      const headers = accountId ? usageHeaders(accountId, useCase, 100, minutes) : {};
      return metaError(fault.status ?? 400, code, message, { error_subcode: subcode, is_transient: true }, headers);
    }
    const status = fault.status ?? 500;
    if (status === 502)
      return { status, headers: { 'content-type': 'text/html' }, body: null, text: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
    return status === 503
      ? metaError(status, 2, 'Service temporarily unavailable', { is_transient: true })
      : metaError(status, 1, 'An unknown error occurred', { error_subcode: 99, is_transient: true });
  }

  /** The account's access tokens now answer "session has expired" (190/463) until replaced. */
  expireTokens(account: Account): number {
    for (const t of account.credentials) account.expired.add(t);
    return account.credentials.size;
  }

  /** The account's access tokens are invalidated (190/460) and dropped. */
  revokeTokens(account: Account): number {
    const n = account.credentials.size;
    for (const t of account.credentials) this.revoked.add(t);
    account.credentials.clear();
    account.expired.clear();
    return n;
  }

  /** Runs a read or write of an account: the token, the rate limit, then `fn`; usage headers on every answer. */
  private withAccount(call: Call, id: string, useCase: UseCase, fn: (account: Account, params: URLSearchParams) => Answer): Answer {
    const account = this.world.accounts.get(id);
    if (!account || account.platform !== 'META') return unsupported(call, id);
    const refused = this.authorize(accessToken(call), account);
    if (refused) return refused;
    const [pct, regain] = this.count(account.id, useCase);
    const headers = usageHeaders(account.id, useCase, pct, regain);
    if (pct >= 100) {
      const code = useCase === 'ads_insights' ? 80000 : 80004;
      const [message, subcode] = THROTTLES[code]!;
      return metaError(400, code, message, { error_subcode: subcode, is_transient: true }, headers);
    }
    try {
      const answer = fn(account, call.url.searchParams);
      return { ...answer, headers: { ...headers, ...answer.headers } };
    } catch (error) {
      if (error instanceof MetaParamError)
        return metaError(400, error.code, error.message, error.subcode ? { error_subcode: error.subcode } : {}, headers);
      throw error;
    }
  }

  private authorize(token: string | undefined, account: Account): Answer | null {
    if (!token) return metaError(400, 104, 'An access token is required to request this resource.');
    if (account.expired.has(token)) return expired();
    if (this.revoked.has(token)) {
      return metaError(
        400,
        190,
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
        { error_subcode: 460 },
      );
    }
    if (account.credentials.has(token)) return null;
    const known = [...this.world.accounts.values()].some((a) => a.credentials.has(token) || a.expired.has(token));
    if (!known) return metaError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    return metaError(400, 200, `(#200) Ad account owner has NOT grant ads_management or ads_read permission`);
  }

  /** Counts a call of the account's use case; answers its usage (%) and the minutes to regain access. */
  private count(accountId: string, useCase: UseCase): [number, number] {
    const key = `${accountId}|${useCase}`;
    const minute = Math.floor(Date.now() / MINUTE);
    const buckets = (this.usage.get(key) ?? []).filter(([m]) => m > minute - 60);
    const used = buckets.reduce((s, [, n]) => s + n, 0);
    const limit = this.settings.callsPerHour[useCase];
    if (used >= limit) {
      // access returns when the oldest minutes have left the rolling hour
      let left = used;
      let regain = 0;
      for (const [m, n] of buckets) {
        left -= n;
        regain = m + 60 - minute;
        if (left < limit) break;
      }
      this.usage.set(key, buckets);
      return [100, Math.max(1, regain)];
    }
    const last = buckets.at(-1);
    if (last && last[0] === minute) last[1]++;
    else buckets.push([minute, 1]);
    this.usage.set(key, buckets);
    return [Math.min(99, Math.floor(((used + 1) * 100) / limit)), 0];
  }
}

function jsonList(text: string | null, name: string): string[] | null {
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // falls through to the error below
  }
  throw new MetaParamError(`(#100) ${name} must be a JSON list like ["ACTIVE","PAUSED"]`);
}

/** since/until: a Unix time in seconds or YYYY-MM-DD (UTC), as ms; null when absent. */
function timeParam(text: string | null, name: string): number | null {
  if (text === null) return null;
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (Number.isNaN(at)) throw new MetaParamError(`(#100) ${name} must be a Unix time or YYYY-MM-DD`);
  return name === 'until' && !/^[0-9]+$/.test(text) ? at + 86_400_000 - 1 : at;
}

function byId(a: Campaign, b: Campaign): number {
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
