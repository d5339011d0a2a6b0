// The control API under /_sim/: what tests, benches and the demo use to shape the world and to
// see what the connectors did. JSON in and out; money as decimal strings of major units in, and
// as micros (strings) and major units out; instants as ISO 8601.
//
//   GET    /_sim                                         overview: clock, accounts, faults, settings
//   POST   /_sim/reset                                   an empty world (body: a seed, optional)
//   POST   /_sim/seed                                    adds a seed's accounts and campaigns
//   GET    /_sim/clock    POST /_sim/clock               { speed?, advanceSeconds?, to? }
//   GET    /_sim/accounts POST /_sim/accounts            accounts (with campaigns inside, optional)
//   GET    /_sim/accounts/:id  PATCH …                   { name?, lagSeconds?, credentials? }
//   POST   /_sim/accounts/:id/credentials                { action: issue | expire | revoke }
//   GET    /_sim/accounts/:id/campaigns  POST …          campaigns
//   GET    /_sim/accounts/:id/campaigns/:cid  PATCH …    { hourlyRate?, dailyBudget?, curve?, … }; ?dates=a,b
//   POST   /_sim/accounts/:id/campaigns/:cid/ui          { status, actor? }: someone clicked in the UI
//   POST   /_sim/accounts/:id/campaigns/:cid/revisions   { date, by? | to? }: a total revised down
//   GET    /_sim/faults   POST /_sim/faults   DELETE /_sim/faults[/:id]
//   GET    /_sim/requests?platform=&endpoint=&account=&after=   what reached the APIs, and the answers
//   GET    /_sim/changes?account=&via=&after=                   every status change, who, when

import { SimError } from './errors.ts';
import type { Fault, FaultInput, Faults } from './faults.ts';
import type { GoogleAds } from './google.ts';
import type { MetaAds } from './meta.ts';
import { formatMicros, parseMicros } from './money.ts';
import { bodyFields, type Answer, type Call, type RequestRecord } from './wire.ts';
import { STATUSES, type Account, type AccountInput, type Campaign, type CampaignInput, type StatusChange } from './model.ts';
import type { World } from './world.ts';
import { instant } from './world.ts';
import { addDays } from './zone.ts';

/** What the control API works on (the Simulator of server.ts). */
export interface Controlled {
  readonly world: World;
  readonly google: GoogleAds;
  readonly meta: MetaAds;
  readonly faults: Faults;
  readonly requests: readonly RequestRecord[];
  overview(): unknown;
  reset(seed?: Record<string, unknown>): void;
  seed(seed: Record<string, unknown>): void;
}

/** Who clicks in the UI when the control API does not say. */
export const UI_ACTOR = { GOOGLE_ADS: 'jane.doe@agency.example', META: 'Jane Doe' } as const;

export function control(sim: Controlled, call: Call): Answer {
  const path = call.url.pathname.replace(/\/+$/, '');
  const parts = path.split('/').slice(2).map(decodeURIComponent); // after /_sim
  const body = (): Record<string, unknown> => {
    const fields = call.method === 'GET' || call.method === 'DELETE' ? {} : bodyFields(call);
    if (fields === null) throw new SimError('the body must be a JSON object');
    return fields;
  };
  const ok = (value: unknown, status = 200): Answer => ({ status, body: value });
  const { world } = sim;
  const [a, id, b, cid, c] = parts;
  const route = `${call.method} ${[a, id && ':id', b, cid && ':cid', c].filter(Boolean).join('/')}`;

  switch (route) {
    case 'GET ':
      return ok(sim.overview());
    case 'POST reset':
      sim.reset(Object.keys(body()).length ? body() : undefined);
      return ok(sim.overview());
    case 'POST seed':
      sim.seed(body());
      return ok(sim.overview());
    case 'GET clock':
      return ok(clockView(sim));
    case 'POST clock': {
      const { speed, advanceSeconds, to } = body();
      try {
        if (to !== undefined) world.clock.set(instant(to, 'to'));
        if (advanceSeconds !== undefined) world.clock.advance(Number(advanceSeconds) * 1000);
        if (speed !== undefined) world.clock.setSpeed(Number(speed));
      } catch (error) {
        throw new SimError((error as Error).message);
      }
      return ok(clockView(sim));
    }
    case 'GET accounts':
      return ok([...world.accounts.values()].map((x) => accountView(sim, x)));
    case 'POST accounts':
      return ok(accountView(sim, world.addAccount(body() as AccountInput)), 201);
    case 'GET accounts/:id':
      return ok(accountView(sim, world.account(id!)));
    case 'PATCH accounts/:id':
      return ok(accountView(sim, world.updateAccount(id!, body() as AccountInput)));
    case 'POST accounts/:id/credentials': {
      const account = world.account(id!);
      const action = body().action;
      if (action === 'issue') return ok({ token: world.issueCredential(id!), account: accountView(sim, account) });
      if (action === 'expire') {
        const n = account.platform === 'GOOGLE_ADS' ? sim.google.oauth.expireAccessTokens(account) : sim.meta.expireTokens(account);
        return ok({ expired: n, account: accountView(sim, account) });
      }
      if (action === 'revoke') {
        const n = account.platform === 'GOOGLE_ADS' ? revokeRefreshTokens(account) : sim.meta.revokeTokens(account);
        return ok({ revoked: n, account: accountView(sim, account) });
      }
      throw new SimError('action must be issue, expire or revoke');
    }
    case 'GET accounts/:id/campaigns':
      return ok([...world.account(id!).campaigns.values()].map((x) => campaignView(sim, x)));
    case 'POST accounts/:id/campaigns':
      return ok(campaignView(sim, world.addCampaign(id!, body() as CampaignInput)), 201);
    case 'GET accounts/:id/campaigns/:cid':
      return ok(campaignView(sim, world.campaign(id!, cid!), call.url.searchParams.get('dates')?.split(',')));
    case 'PATCH accounts/:id/campaigns/:cid':
      return ok(campaignView(sim, world.updateCampaign(id!, cid!, body() as CampaignInput)));
    case 'POST accounts/:id/campaigns/:cid/ui': {
      const campaign = world.campaign(id!, cid!);
      const { status, actor } = body();
      const change = world.setStatus(
        campaign,
        status as string,
        'UI',
        typeof actor === 'string' ? actor : UI_ACTOR[campaign.account.platform],
      );
      return ok({ change: change && changeView(change), campaign: campaignView(sim, campaign) });
    }
    case 'POST accounts/:id/campaigns/:cid/revisions': {
      const campaign = world.campaign(id!, cid!);
      const input = body();
      const total = world.revise(campaign, String(input.date), {
        by: input.by === undefined ? undefined : parseMicros(input.by, 'by'),
        to: input.to === undefined ? undefined : parseMicros(input.to, 'to'),
      });
      return ok({
        date: input.date,
        totalMicros: total.toString(),
        total: formatMicros(total),
        campaign: campaignView(sim, campaign, [String(input.date)]),
      });
    }
    case 'GET faults':
      return ok(sim.faults.all().map(faultView));
    case 'POST faults':
      return ok(faultView(sim.faults.add(body() as FaultInput)), 201);
    case 'DELETE faults':
      sim.faults.clear();
      return ok({ faults: [] });
    case 'DELETE faults/:id':
      if (!sim.faults.remove(Number(id))) throw new SimError(`no fault ${id}`, 404);
      return ok({ removed: Number(id) });
    case 'GET requests': {
      const q = call.url.searchParams;
      const after = Number(q.get('after') ?? 0);
      return ok(
        sim.requests.filter(
          (r) =>
            r.seq > after &&
            (!q.get('platform') || r.platform === q.get('platform')) &&
            (!q.get('endpoint') || r.endpoint === q.get('endpoint')) &&
            (!q.get('account') || r.account === q.get('account')),
        ),
      );
    }
    case 'GET changes': {
      const q = call.url.searchParams;
      const after = Number(q.get('after') ?? 0);
      return ok(
        world.changes
          .filter(
            (x) => x.seq > after && (!q.get('account') || x.accountId === q.get('account')) && (!q.get('via') || x.via === q.get('via')),
          )
          .map(changeView),
      );
    }
    default:
      throw new SimError(`no control route ${call.method} ${path} (GET /_sim lists the API)`, 404);
  }
}

/** Google: the account's refresh tokens stop working (token endpoint: invalid_grant; access tokens: revoked). */
function revokeRefreshTokens(account: Account): number {
  const n = account.credentials.size;
  account.credentials.clear();
  return n;
}

export function clockView(sim: Controlled) {
  return { now: new Date(sim.world.now()).toISOString(), speed: sim.world.clock.speed };
}

export function accountView(sim: Controlled, account: Account) {
  return {
    platform: account.platform,
    id: account.id,
    name: account.name,
    currency: account.currency,
    timeZone: account.timeZone,
    today: sim.world.today(account),
    credentials: [...account.credentials],
    managerId: account.managerId,
    lagSeconds: account.lagMs / 1000,
    campaigns: account.campaigns.size,
  };
}

export function campaignView(sim: Controlled, campaign: Campaign, dates?: string[]) {
  const { world } = sim;
  const today = world.today(campaign.account);
  const last = campaign.segments.at(-1)!;
  return {
    accountId: campaign.account.id,
    platform: campaign.account.platform,
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    running: campaign.status === STATUSES[campaign.account.platform].running,
    hourlyRate: formatMicros(last.rate),
    dailyBudget: campaign.budget === null ? null : formatMicros(campaign.budget),
    overDelivery: campaign.overDelivery,
    curve: last.curve,
    createdAt: new Date(campaign.createdAt).toISOString(),
    updatedAt: new Date(campaign.updatedAt).toISOString(),
    // per account-date: the truth now, and what the APIs report (the truth as of now − lag, less revisions seen)
    spend: (dates ?? [addDays(today, -1), today]).map((date) => {
      const truth = world.totalAt(campaign, date, world.now());
      const reported = world.reported(campaign, date);
      return {
        date,
        micros: truth.toString(),
        amount: formatMicros(truth),
        reportedMicros: reported.toString(),
        reported: formatMicros(reported),
      };
    }),
  };
}

export function changeView(change: StatusChange) {
  return { ...change, at: new Date(change.at).toISOString(), realAt: new Date(change.realAt).toISOString() };
}

function faultView(fault: Fault) {
  return { ...fault, until: fault.until === null ? null : new Date(fault.until).toISOString() };
}
