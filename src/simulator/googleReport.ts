// GAQL run against the world, answered as GoogleAdsRows: fields camelCase and nested by resource
// (each resource with its resourceName), int64 values as strings, a fieldMask of what was asked.
// FROM customer (the account's currency and time zone), FROM campaign (statuses; cost per
// account-date with segments.date, rows without cost left out as Google does), FROM change_event
// (who changed a campaign's status, with its rules: a finite date range within 30 days, a LIMIT).

import { addDays, datesBetween, isoDate, wallClock } from './zone.ts';
import { dateOf, dateSpan, dateTime, during, QueryFailure, type Condition, type Query } from './gaql.ts';
import type { Account, Campaign, StatusChange } from './model.ts';
import type { World } from './world.ts';

interface Row {
  account: Account;
  campaign?: Campaign;
  date?: string;
  cost?: bigint;
  change?: StatusChange;
}

type Kind = 'int' | 'string' | 'date' | 'datetime' | 'json';
type Resource = 'customer' | 'campaign' | 'campaign_budget' | 'metrics' | 'segments' | 'change_event';

interface FieldDef {
  kind: Kind;
  /** the value in the answer (undefined: left out) */
  get(row: Row): unknown;
}

/** Who the API's changes are made by, in the change history (the OAuth user behind the refresh token). */
export const GOOGLE_API_USER = 'api-user@example.com';

const campaignName = (row: Row) => `customers/${row.account.id}/campaigns/${row.campaign!.id}`;
const budgetName = (row: Row) => `customers/${row.account.id}/campaignBudgets/${row.campaign!.id}`;
const changeTime = (row: Row) => {
  const w = wallClock(row.change!.at, row.account.timeZone);
  return `${w.date} ${w.time}.${String(row.change!.at % 1000).padStart(3, '0')}000`;
};

const FIELDS: Record<string, FieldDef> = {
  'customer.resource_name': { kind: 'string', get: (r) => `customers/${r.account.id}` },
  'customer.id': { kind: 'int', get: (r) => r.account.id },
  'customer.descriptive_name': { kind: 'string', get: (r) => r.account.name },
  'customer.currency_code': { kind: 'string', get: (r) => r.account.currency },
  'customer.time_zone': { kind: 'string', get: (r) => r.account.timeZone },
  'customer.manager': { kind: 'json', get: () => false },
  'customer.status': { kind: 'string', get: () => 'ENABLED' },
  'campaign.resource_name': { kind: 'string', get: campaignName },
  'campaign.id': { kind: 'int', get: (r) => r.campaign!.id },
  'campaign.name': { kind: 'string', get: (r) => r.campaign!.name },
  'campaign.status': { kind: 'string', get: (r) => r.campaign!.status },
  'campaign.campaign_budget': { kind: 'string', get: budgetName },
  'campaign_budget.resource_name': { kind: 'string', get: budgetName },
  'campaign_budget.id': { kind: 'int', get: (r) => r.campaign!.id },
  'campaign_budget.amount_micros': { kind: 'int', get: (r) => r.campaign!.budget?.toString() },
  'metrics.cost_micros': { kind: 'int', get: (r) => r.cost!.toString() },
  'segments.date': { kind: 'date', get: (r) => r.date },
  'change_event.resource_name': {
    kind: 'string',
    get: (r) => `customers/${r.account.id}/changeEvents/${r.change!.at * 1000}~${r.change!.seq}~0`,
  },
  'change_event.change_date_time': { kind: 'datetime', get: changeTime },
  'change_event.change_resource_type': { kind: 'string', get: () => 'CAMPAIGN' },
  'change_event.change_resource_name': { kind: 'string', get: campaignName },
  'change_event.campaign': { kind: 'string', get: campaignName },
  'change_event.client_type': { kind: 'string', get: (r) => (r.change!.via === 'UI' ? 'GOOGLE_ADS_WEB_CLIENT' : 'GOOGLE_ADS_API') },
  'change_event.user_email': { kind: 'string', get: (r) => r.change!.actor },
  'change_event.resource_change_operation': { kind: 'string', get: () => 'UPDATE' },
  'change_event.changed_fields': { kind: 'string', get: () => 'status' },
  'change_event.old_resource': { kind: 'json', get: (r) => ({ campaign: { status: r.change!.from } }) },
  'change_event.new_resource': { kind: 'json', get: (r) => ({ campaign: { status: r.change!.to } }) },
};

/** Which resources' fields each FROM resource may select. */
const SELECTABLE: Record<string, readonly Resource[]> = {
  customer: ['customer'],
  campaign: ['campaign', 'campaign_budget', 'customer', 'metrics', 'segments'],
  change_event: ['change_event', 'campaign', 'customer'],
};

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function check(from: string, name: string, clause: string): FieldDef {
  const def = FIELDS[name];
  if (!def)
    throw new QueryFailure(
      { queryError: 'UNRECOGNIZED_FIELD' },
      `Unrecognized field in the query: '${name}' (or one the simulator does not serve).`,
    );
  if (!SELECTABLE[from]!.includes(name.split('.')[0] as Resource)) {
    throw new QueryFailure(
      { queryError: 'PROHIBITED_FIELD_IN_SELECT_CLAUSE' },
      `'${name}' cannot be used in the ${clause} clause of a query FROM ${from}.`,
    );
  }
  return def;
}

export interface Report {
  rows: Record<string, unknown>[];
  fieldMask: string;
}

export function runReport(world: World, account: Account, q: Query): Report {
  if (!SELECTABLE[q.from]) {
    throw new QueryFailure(
      { queryError: 'BAD_RESOURCE_TYPE_IN_FROM_CLAUSE' },
      `The simulator serves FROM customer, campaign and change_event; got '${q.from}'.`,
    );
  }
  const selected = q.select.map((name) => [name, check(q.from, name, 'SELECT')] as const);
  for (const c of q.where) check(q.from, c.field, 'WHERE');
  for (const o of q.orderBy) check(q.from, o.field, 'ORDER BY');

  let rows: Row[];
  if (q.from === 'customer') rows = [{ account }];
  else if (q.from === 'change_event') rows = changeRows(world, account, q);
  else rows = campaignRows(world, account, q);

  const today = world.today(account);
  const tests = q.where.map((c) => predicate(c, today));
  rows = rows.filter((row) => tests.every((test) => test(row)));
  if (q.orderBy.length) {
    rows.sort((a, b) => {
      for (const { field, desc } of q.orderBy) {
        const x = comparable(FIELDS[field]!, FIELDS[field]!.get(a));
        const y = comparable(FIELDS[field]!, FIELDS[field]!.get(b));
        if (x !== y) return (x! < y! ? -1 : 1) * (desc ? -1 : 1);
      }
      // changes at one instant (a frozen clock) keep the order they were made in, in the first key's direction
      return a.change && b.change ? (a.change.seq - b.change.seq) * (q.orderBy[0]!.desc ? -1 : 1) : 0;
    });
  }
  if (q.limit !== null) rows = rows.slice(0, q.limit);

  const resourcesAsked = new Set(q.select.map((name) => name.split('.')[0] as Resource));
  return {
    fieldMask: q.select.map((name) => name.split('.').map(camel).join('.')).join(','),
    rows: rows.map((row) => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const resource of resourcesAsked) {
        if (resource === 'metrics' || resource === 'segments') continue;
        const name = FIELDS[`${resource}.resource_name`]!.get(row);
        out[camel(resource)] = { resourceName: name };
      }
      for (const [name, def] of selected) {
        const [resource, field] = name.split('.') as [string, string];
        const value = def.get(row);
        if (value === undefined) continue;
        (out[camel(resource)] ??= {})[camel(field)] = value;
      }
      return out;
    }),
  };
}

function campaignRows(world: World, account: Account, q: Query): Row[] {
  const segmented = q.select.some((f) => f.startsWith('segments.'));
  const costAsked = q.select.some((f) => f.startsWith('metrics.')) || q.where.some((c) => c.field.startsWith('metrics.'));
  const campaigns = [...account.campaigns.values()].sort((a, b) => compareIds(a.id, b.id));
  const today = world.today(account);
  const span = dateSpan(
    q.where.filter((c) => c.field === 'segments.date'),
    today,
  );
  if (segmented && !span) {
    throw new QueryFailure(
      { queryError: 'EXPECTED_FILTERS_ON_DATE_RANGE' },
      'A query segmented by segments.date needs a finite date range in its WHERE clause.',
    );
  }
  if (!segmented && !costAsked) return campaigns.map((campaign) => ({ account, campaign }));
  const earliest = campaigns.reduce((d, c) => (c.createdDate < d ? c.createdDate : d), today);
  const from = span && span[0] > earliest ? span[0] : earliest;
  const to = span && span[1] < today ? span[1] : today;
  const dates = from <= to ? datesBetween(from, to) : [];
  if (!segmented) {
    return campaigns.map((campaign) => ({ account, campaign, cost: dates.reduce((sum, d) => sum + world.reported(campaign, d), 0n) }));
  }
  const rows: Row[] = [];
  for (const campaign of campaigns) {
    for (const date of dates) {
      const cost = world.reported(campaign, date);
      // Google leaves out a date-segmented row whose metrics are all zero
      if (cost !== 0n) rows.push({ account, campaign, date, cost });
    }
  }
  return rows;
}

function changeRows(world: World, account: Account, q: Query): Row[] {
  if (q.limit === null)
    throw new QueryFailure({ changeEventError: 'LIMIT_NOT_SPECIFIED' }, 'The change_event search request must specify a LIMIT.');
  if (q.limit > 10_000)
    throw new QueryFailure(
      { changeEventError: 'INVALID_LIMIT_CLAUSE' },
      'The LIMIT specified by change_event request should be less than or equal to 10K.',
    );
  const conds = q.where.filter((c) => c.field === 'change_event.change_date_time');
  const today = world.today(account);
  const lower = conds.some((c) => ['>', '>=', 'BETWEEN', 'DURING', '='].includes(c.op));
  const upper = conds.some((c) => ['<', '<=', 'BETWEEN', 'DURING', '='].includes(c.op));
  if (!lower || !upper)
    throw new QueryFailure(
      { changeEventError: 'CHANGE_DATE_RANGE_INFINITE' },
      'The change_event search request must specify a finite range filter on change_date_time.',
    );
  const oldest = `${addDays(today, -30)} 00:00:00.000000`;
  for (const c of conds) {
    const start =
      c.op === 'DURING'
        ? `${during(c.values[0]!, today)[0]} 00:00:00.000000`
        : ['>', '>=', 'BETWEEN', '='].includes(c.op)
          ? dateTime(c.values[0]!)
          : null;
    if (start !== null && start < oldest)
      throw new QueryFailure(
        { changeEventError: 'START_DATE_TOO_OLD' },
        'The requested start date is too old. It cannot be older than 30 days.',
      );
  }
  return world.changes
    .filter((ch) => ch.accountId === account.id)
    .map((change) => ({ account, change, campaign: account.campaigns.get(change.campaignId) }));
}

/** A WHERE condition as a test of a row (its literals and DURING range worked out once). */
function predicate(c: Condition, today: string): (row: Row) => boolean {
  const def = FIELDS[c.field]!;
  const test = condition(def, c, today);
  return (row) => {
    if (c.field === 'segments.date' && row.date === undefined) return true; // it chose the dates summed
    const value = comparable(def, def.get(row));
    return value !== undefined && test(value);
  };
}

function condition(def: FieldDef, c: Condition, today: string): (value: string | bigint) => boolean {
  if (c.op === 'DURING') {
    const [lo, hi] = during(c.values[0]!, today);
    const [from, to] = def.kind === 'datetime' ? [`${lo} 00:00:00.000000`, `${hi} 23:59:59.999999`] : [lo, hi];
    return (value) => String(value) >= from && String(value) <= to;
  }
  const vs = c.values.map((v) => literal(def, v));
  const [first, second] = vs as [string | bigint, string | bigint];
  switch (c.op) {
    case '=':
      return (value) => value === first;
    case '!=':
      return (value) => value !== first;
    case '<':
      return (value) => value < first;
    case '<=':
      return (value) => value <= first;
    case '>':
      return (value) => value > first;
    case '>=':
      return (value) => value >= first;
    case 'IN':
      return (value) => vs.includes(value);
    case 'NOT IN':
      return (value) => !vs.includes(value);
    case 'BETWEEN':
      return (value) => value >= first && value <= second;
  }
}

function comparable(def: FieldDef, value: unknown): string | bigint | undefined {
  if (value === undefined) return undefined;
  return def.kind === 'int' ? BigInt(value as string) : String(value);
}

function literal(def: FieldDef, text: string): string | bigint {
  if (def.kind === 'int') {
    if (!/^-?[0-9]+$/.test(text)) throw new QueryFailure({ queryError: 'BAD_NUMBER' }, `Error in query: '${text}' is not a whole number.`);
    return BigInt(text);
  }
  if (def.kind === 'date') return dateOf(text);
  if (def.kind === 'datetime') return dateTime(text);
  return text;
}

/** Ids are int64: shorter is smaller. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
