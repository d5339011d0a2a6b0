// Meta's objects as the Graph API shows them (snake_case fields, ids as strings, money in the
// account's offset, times as 2026-12-06T08:00:00+0000), and the insights rows: spend per
// campaign and account-date from the world, rows without spend left out, as Meta does.

import { metaMinor, metaSpend } from './money.ts';
import { addDays, datesBetween, isoDate, wallClock } from './zone.ts';
import type { Account, Campaign, StatusChange } from './model.ts';
import type { World } from './world.ts';

/** A mistake in the request's parameters: Meta's code 100 (Invalid parameter). */
export class MetaParamError extends Error {
  constructor(
    message: string,
    readonly code = 100,
    readonly subcode?: number,
  ) {
    super(message);
  }
}

/** Who the API's changes are made by in the activity log: the system user and its app. */
export const META_API_ACTOR = {
  actorName: 'Budget Control system user',
  actorId: '100000000000001',
  appName: 'Budget Control',
  appId: '1000000000000001',
};

type View = Record<string, (x: never) => unknown>;

const metaTime = (at: number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, '+0000');

export const ACCOUNT_FIELDS = {
  id: (a: Account) => a.id,
  account_id: (a: Account) => a.id.slice(4),
  name: (a: Account) => a.name,
  currency: (a: Account) => a.currency,
  timezone_name: (a: Account) => a.timeZone,
  account_status: () => 1,
} satisfies View;

export const CAMPAIGN_FIELDS = {
  id: (c: Campaign) => c.id,
  account_id: (c: Campaign) => c.account.id.slice(4),
  name: (c: Campaign) => c.name,
  status: (c: Campaign) => c.status,
  configured_status: (c: Campaign) => c.status,
  effective_status: (c: Campaign) => c.status,
  daily_budget: (c: Campaign) => (c.budget === null ? undefined : metaMinor(c.budget, c.account.currency).toString()),
  created_time: (c: Campaign) => metaTime(c.createdAt),
  updated_time: (c: Campaign) => metaTime(c.updatedAt),
} satisfies View;

export const ACTIVITY_FIELDS = {
  actor_id: (x: Activity) => (x.change.via === 'API' ? META_API_ACTOR.actorId : undefined),
  actor_name: (x: Activity) => x.change.actor,
  application_id: (x: Activity) => (x.change.via === 'API' ? META_API_ACTOR.appId : undefined),
  application_name: (x: Activity) => (x.change.via === 'API' ? META_API_ACTOR.appName : undefined),
  date_time_in_timezone: (x: Activity) => {
    const w = wallClock(x.change.at, x.account.timeZone);
    return `${w.date.slice(5, 7)}/${w.date.slice(8)}/${w.date.slice(0, 4)} at ${w.time.slice(0, 5)}`;
  },
  event_time: (x: Activity) => metaTime(x.change.at),
  event_type: () => 'update_campaign_run_status',
  extra_data: (x: Activity) => JSON.stringify({ old_value: x.change.from, new_value: x.change.to }),
  object_id: (x: Activity) => x.change.campaignId,
  object_name: (x: Activity) => x.change.campaignName,
  object_type: () => 'CAMPAIGN',
  translated_event_type: () => 'Campaign status updated',
} satisfies View;

export interface Activity {
  account: Account;
  change: StatusChange;
}

/** `fields=a,b` as a list, or the defaults. */
function asked(params: URLSearchParams, defaults: string[]): string[] {
  const text = params.get('fields');
  return text
    ? text
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : defaults;
}

/** The fields asked, each known to the node type, or the defaults. */
export function fieldsOf(params: URLSearchParams, known: View, type: string, defaults: string[]): string[] {
  const fields = asked(params, defaults);
  for (const f of fields)
    if (!(f in known)) throw new MetaParamError(`(#100) Tried accessing nonexisting field (${f}) on node type (${type})`);
  return fields;
}

/** An object with the fields asked, leaving out those without a value; a node's id always (as Graph does). */
export function pick<T>(item: T, fields: string[], known: Record<string, (x: T) => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of 'id' in known && !fields.includes('id') ? [...fields, 'id'] : fields) {
    const value = known[f]!(item);
    if (value !== undefined) out[f] = value;
  }
  return out;
}

const INSIGHT_FIELDS = [
  'account_id',
  'account_name',
  'account_currency',
  'campaign_id',
  'campaign_name',
  'spend',
  'date_start',
  'date_stop',
];

/** GET act_<id>/insights: rows of spend per campaign (or the account) per day or for the range. */
export function insightRows(world: World, account: Account, params: URLSearchParams): Record<string, unknown>[] {
  const level = params.get('level') ?? 'account';
  if (level !== 'campaign' && level !== 'account')
    throw new MetaParamError(`(#100) The simulator serves level=campaign and level=account; got level=${level}`);
  if (params.get('breakdowns')) throw new MetaParamError('(#100) The simulator serves no breakdowns');
  const fields = asked(params, ['spend']);
  for (const f of fields) {
    if (!INSIGHT_FIELDS.includes(f)) {
      throw new MetaParamError(
        `(#100) ${f} is not valid for fields param. Please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values`,
      );
    }
  }
  const increment = params.get('time_increment') ?? 'all_days';
  if (increment !== '1' && increment !== 'all_days')
    throw new MetaParamError(`(#100) The simulator serves time_increment=1 or all_days; got ${increment}`);
  const today = world.today(account);
  const [since, until] = range(params, today);
  const wanted = campaignFilter(params.get('filtering'));
  const campaigns = [...account.campaigns.values()]
    .filter((c) => !wanted || wanted.has(c.id))
    .sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
  const earliest = campaigns.reduce((d, c) => (c.createdDate < d ? c.createdDate : d), today);
  const dates = datesBetween(since > earliest ? since : earliest, until < today ? until : today);
  const groups: { start: string; stop: string; dates: string[] }[] =
    increment === '1' ? dates.map((d) => ({ start: d, stop: d, dates: [d] })) : [{ start: since, stop: until, dates }];
  const rows: Record<string, unknown>[] = [];
  for (const group of groups) {
    const units: { campaign?: Campaign; micros: bigint }[] =
      level === 'campaign'
        ? campaigns.map((campaign) => ({ campaign, micros: group.dates.reduce((s, d) => s + world.reported(campaign, d), 0n) }))
        : [{ micros: campaigns.reduce((s, c) => s + group.dates.reduce((t, d) => t + world.reported(c, d), 0n), 0n) }];
    for (const unit of units) {
      if (unit.micros === 0n) continue; // Meta has no row for what did not deliver
      const row: Record<string, unknown> = {};
      for (const f of fields) {
        if (f === 'date_start' || f === 'date_stop') continue;
        if (f === 'spend') row.spend = metaSpend(unit.micros, account.currency);
        else if (f === 'account_id') row.account_id = account.id.slice(4);
        else if (f === 'account_name') row.account_name = account.name;
        else if (f === 'account_currency') row.account_currency = account.currency;
        else if (unit.campaign) row[f] = f === 'campaign_id' ? unit.campaign.id : unit.campaign.name;
      }
      row.date_start = group.start;
      row.date_stop = group.stop;
      rows.push(row);
    }
  }
  return rows;
}

function range(params: URLSearchParams, today: string): [string, string] {
  const timeRange = params.get('time_range');
  if (timeRange) {
    let parsed: { since?: unknown; until?: unknown };
    try {
      parsed = JSON.parse(timeRange) as typeof parsed;
    } catch {
      throw new MetaParamError('(#100) time_range must be JSON like {"since":"2026-12-05","until":"2026-12-06"}');
    }
    const since = isoDate(String(parsed.since ?? ''));
    const until = isoDate(String(parsed.until ?? ''));
    if (!since || !until || since !== parsed.since || until !== parsed.until)
      throw new MetaParamError('(#100) time_range needs since and until as YYYY-MM-DD');
    if (since > until) throw new MetaParamError('(#100) time_range: since must be on or before until');
    return [since, until];
  }
  const preset = params.get('date_preset') ?? 'last_30d';
  const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const monthStart = `${today.slice(0, 8)}01`;
  const last = (n: number): [string, string] => [addDays(today, -n), addDays(today, -1)];
  const presets: Record<string, [string, string]> = {
    today: [today, today],
    yesterday: [addDays(today, -1), addDays(today, -1)],
    this_month: [monthStart, today],
    last_month: [`${addDays(monthStart, -1).slice(0, 8)}01`, addDays(monthStart, -1)],
    this_week_mon_today: [monday, today],
    last_week_mon_sun: [addDays(monday, -7), addDays(monday, -1)],
    last_3d: last(3),
    last_7d: last(7),
    last_14d: last(14),
    last_28d: last(28),
    last_30d: last(30),
    last_90d: last(90),
  };
  const r = presets[preset];
  if (!r) throw new MetaParamError(`(#100) date_preset must be one of ${Object.keys(presets).join(', ')} in the simulator; got ${preset}`);
  return r;
}

/** `filtering=[{"field":"campaign.id","operator":"IN","value":["1","2"]}]` → the ids, or null. */
function campaignFilter(text: string | null): Set<string> | null {
  if (!text) return null;
  let filters: { field?: unknown; operator?: unknown; value?: unknown }[];
  try {
    filters = JSON.parse(text) as typeof filters;
  } catch {
    throw new MetaParamError('(#100) filtering must be a JSON list of {field, operator, value}');
  }
  let ids: Set<string> | null = null;
  for (const f of Array.isArray(filters) ? filters : []) {
    if (f.field !== 'campaign.id' || !['IN', 'EQUAL'].includes(String(f.operator))) {
      throw new MetaParamError('(#100) The simulator filters on campaign.id with IN or EQUAL only');
    }
    const values = (Array.isArray(f.value) ? f.value : [f.value]).map(String);
    ids = new Set(ids ? values.filter((v) => ids!.has(v)) : values);
  }
  return ids;
}
