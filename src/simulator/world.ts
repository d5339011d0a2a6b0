// The simulated outside world: ad accounts (currency, time zone, credentials), their campaigns and
// how they spend (spend.ts), the clock, revisions, and every status change with who made it (the
// platforms' change history). In memory only; nothing here knows the service or its database.
// The wire formats (google.ts, meta.ts) and the control API (control.ts) read and change it here.

import { SimClock } from './clock.ts';
import { SimError } from './errors.ts';
import { parseMicros } from './money.ts';
import {
  OVER_DELIVERY,
  PLATFORMS,
  STATUSES,
  type Account,
  type AccountInput,
  type Campaign,
  type CampaignInput,
  type Platform,
  type StatusChange,
} from './model.ts';
import { DEFAULT_CURVE, normalizeCurve, spentOn, type Segment } from './spend.ts';
import { isoDate, isZone, localDate, localDay } from './zone.ts';

const GOOGLE_ID = /^[1-9][0-9]{9}$/;
const META_ID = /^act_[1-9][0-9]{0,19}$/;
const CAMPAIGN_ID = /^[1-9][0-9]{0,19}$/;

export class World {
  readonly clock: SimClock;
  readonly accounts = new Map<string, Account>();
  readonly changes: StatusChange[] = [];
  /** Meta addresses campaigns by id alone */
  private metaCampaigns = new Map<string, Campaign>();
  private nextId = { account: 1_000_000_001n, act: 100_000_000_000_001n, google: 20_000_000_001n, meta: 23_850_000_000_000_001n };
  private tokenSeq = 0;

  constructor(clock = new SimClock()) {
    this.clock = clock;
  }

  now(): number {
    return this.clock.now();
  }

  addAccount(input: AccountInput): Account {
    const platform = input.platform ?? 'GOOGLE_ADS';
    if (!PLATFORMS.includes(platform as Platform))
      throw new SimError(`platform must be GOOGLE_ADS or META; got ${JSON.stringify(platform)}`);
    const p = platform as Platform;
    const id = input.id === undefined ? this.newAccountId(p) : String(input.id);
    if (!(p === 'GOOGLE_ADS' ? GOOGLE_ID : META_ID).test(id)) {
      throw new SimError(
        p === 'GOOGLE_ADS'
          ? `a Google Ads customer id is 10 digits without dashes; got ${JSON.stringify(id)}`
          : `a Meta ad account id is act_<digits>; got ${JSON.stringify(id)}`,
      );
    }
    if (this.accounts.has(id)) throw new SimError(`account ${id} exists already`, 409);
    const currency = input.currency ?? 'USD';
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
      throw new SimError(`currency must be an ISO 4217 code like "USD"; got ${JSON.stringify(currency)}`);
    const timeZone = input.timeZone ?? 'UTC';
    if (typeof timeZone !== 'string' || !isZone(timeZone))
      throw new SimError(`timeZone must be an IANA zone like "America/New_York"; got ${JSON.stringify(timeZone)}`);
    const managerId = input.managerId == null ? null : String(input.managerId);
    if (managerId !== null && (p !== 'GOOGLE_ADS' || !GOOGLE_ID.test(managerId)))
      throw new SimError('managerId is a Google Ads manager customer id (10 digits)');
    const credentials = input.credentials === undefined ? [this.newToken(p)] : input.credentials;
    if (!Array.isArray(credentials) || credentials.some((c) => typeof c !== 'string' || c === ''))
      throw new SimError('credentials must be a list of token strings');
    const account: Account = {
      platform: p,
      id,
      name: typeof input.name === 'string' ? input.name : `${p === 'GOOGLE_ADS' ? 'Google Ads' : 'Meta'} account ${id}`,
      currency,
      timeZone,
      credentials: new Set(credentials as string[]),
      expired: new Set(),
      managerId,
      lagMs: seconds(input.lagSeconds ?? 0, 'lagSeconds') * 1000,
      campaigns: new Map(),
    };
    if (input.campaigns !== undefined && !Array.isArray(input.campaigns)) throw new SimError('campaigns must be a list');
    this.accounts.set(id, account);
    try {
      for (const c of (input.campaigns ?? []) as CampaignInput[]) this.addCampaign(id, c);
    } catch (error) {
      // all or nothing: an account refused for one of its campaigns leaves no trace
      this.accounts.delete(id);
      for (const c of account.campaigns.values()) this.metaCampaigns.delete(c.id);
      throw error;
    }
    return account;
  }

  account(id: string): Account {
    const account = this.accounts.get(id);
    if (!account) throw new SimError(`no account ${id}`, 404);
    return account;
  }

  updateAccount(id: string, patch: AccountInput): Account {
    const account = this.account(id);
    if (patch.name !== undefined) account.name = String(patch.name);
    if (patch.lagSeconds !== undefined) account.lagMs = seconds(patch.lagSeconds, 'lagSeconds') * 1000;
    if (patch.credentials !== undefined) {
      if (!Array.isArray(patch.credentials) || patch.credentials.some((c) => typeof c !== 'string' || c === ''))
        throw new SimError('credentials must be a list of token strings');
      account.credentials = new Set(patch.credentials as string[]);
      account.expired.clear();
    }
    return account;
  }

  /** A new credential for the account (Google: a refresh token; Meta: an access token). */
  issueCredential(id: string): string {
    const account = this.account(id);
    const token = this.newToken(account.platform);
    account.credentials.add(token);
    return token;
  }

  addCampaign(accountId: string, input: CampaignInput): Campaign {
    const account = this.account(accountId);
    const p = account.platform;
    const id = input.id === undefined ? this.newCampaignId(p) : String(input.id);
    if (!CAMPAIGN_ID.test(id)) throw new SimError(`a campaign id is digits; got ${JSON.stringify(id)}`);
    if (account.campaigns.has(id) || (p === 'META' && this.metaCampaigns.has(id))) throw new SimError(`campaign ${id} exists already`, 409);
    const status = this.statusFor(p, input.status ?? STATUSES[p].running);
    const now = this.now();
    const since = input.since === undefined ? now : instant(input.since, 'since');
    if (since > now) throw new SimError('since must not be in the simulated future');
    const campaign: Campaign = {
      id,
      account,
      name: typeof input.name === 'string' ? input.name : `Campaign ${id}`,
      status,
      createdAt: since,
      createdDate: localDate(since, account.timeZone),
      updatedAt: since,
      segments: [],
      revisions: new Map(),
      budget: input.dailyBudget == null ? null : parseMicros(input.dailyBudget, 'dailyBudget'),
      overDelivery: ratio(input.overDelivery ?? OVER_DELIVERY[p]),
    };
    campaign.segments.push({
      from: since,
      running: status === STATUSES[p].running,
      rate: input.hourlyRate === undefined ? 0n : parseMicros(input.hourlyRate, 'hourlyRate'),
      curve: input.curve === undefined ? DEFAULT_CURVE : curveOf(input.curve),
      cap: capOf(campaign),
    });
    account.campaigns.set(id, campaign);
    if (p === 'META') this.metaCampaigns.set(id, campaign);
    return campaign;
  }

  campaign(accountId: string, id: string): Campaign {
    const campaign = this.account(accountId).campaigns.get(id);
    if (!campaign) throw new SimError(`no campaign ${id} in account ${accountId}`, 404);
    return campaign;
  }

  /** Meta's node lookup: a campaign by its id alone, or undefined. */
  metaCampaign(id: string): Campaign | undefined {
    return this.metaCampaigns.get(id);
  }

  /** Changes a campaign's rate, curve, budget or name from now on (spend so far stays as it was). */
  updateCampaign(accountId: string, id: string, patch: CampaignInput): Campaign {
    const campaign = this.campaign(accountId, id);
    const last = campaign.segments.at(-1)!;
    if (patch.name !== undefined) campaign.name = String(patch.name);
    if (patch.dailyBudget !== undefined)
      campaign.budget = patch.dailyBudget === null ? null : parseMicros(patch.dailyBudget, 'dailyBudget');
    if (patch.overDelivery !== undefined) campaign.overDelivery = ratio(patch.overDelivery);
    this.startSegment(campaign, {
      running: last.running,
      rate: patch.hourlyRate === undefined ? last.rate : parseMicros(patch.hourlyRate, 'hourlyRate'),
      curve: patch.curve === undefined ? last.curve : curveOf(patch.curve),
      cap: capOf(campaign),
    });
    return campaign;
  }

  /**
   * Sets a campaign's status as the platform would (through its API, or a person in its UI), and
   * records the change with who made it. Answers null when the status was already that.
   */
  setStatus(campaign: Campaign, status: string, via: 'API' | 'UI', actor: string): StatusChange | null {
    const p = campaign.account.platform;
    const to = this.statusFor(p, status);
    if (campaign.status === to) return null;
    if ((STATUSES[p].terminal as readonly string[]).includes(campaign.status)) {
      throw new SimError(`campaign ${campaign.id} is ${campaign.status}: it cannot change any more`, 409);
    }
    const last = campaign.segments.at(-1)!;
    this.startSegment(campaign, { ...last, running: to === STATUSES[p].running });
    const change: StatusChange = {
      seq: this.changes.length + 1,
      at: this.now(),
      realAt: Date.now(),
      platform: p,
      accountId: campaign.account.id,
      campaignId: campaign.id,
      campaignName: campaign.name,
      from: campaign.status,
      to,
      via,
      actor,
    };
    campaign.status = to;
    this.changes.push(change);
    return change;
  }

  /**
   * Revises an account-date's total down (a platform's credit): by `by` micros, or to `to` micros
   * of its true total now. Reports show it once they reach this instant (after the account's lag).
   */
  revise(campaign: Campaign, date: string, change: { by?: bigint; to?: bigint }): bigint {
    if (isoDate(date) !== date) throw new SimError(`date must be YYYY-MM-DD; got ${JSON.stringify(date)}`);
    const at = this.now();
    const current = this.totalAt(campaign, date, at);
    const by = change.by ?? current - (change.to ?? current);
    if (by <= 0n || by > current)
      throw new SimError(`a revision lowers the total (now ${current} micros) by more than 0 and at most all of it`);
    const list = campaign.revisions.get(date) ?? [];
    list.push({ at, micros: by });
    campaign.revisions.set(date, list);
    return current - by;
  }

  /** The campaign's total for an account-date as known at `asOf` (simulated ms): spend less revisions. */
  totalAt(campaign: Campaign, date: string, asOf: number): bigint {
    let total = spentOn(campaign.segments, localDay(date, campaign.account.timeZone), asOf);
    for (const r of campaign.revisions.get(date) ?? []) if (r.at <= asOf) total -= r.micros;
    return total > 0n ? total : 0n;
  }

  /** What the platform reports now for an account-date: the total as of now − the account's lag. */
  reported(campaign: Campaign, date: string): bigint {
    return this.totalAt(campaign, date, this.now() - campaign.account.lagMs);
  }

  /** The account's date now. */
  today(account: Account): string {
    return localDate(this.now(), account.timeZone);
  }

  /** The status in the platform's own words (ENABLED and ACTIVE are taken for each other). */
  statusFor(platform: Platform, status: unknown): string {
    const s =
      platform === 'META' && status === 'ENABLED' ? 'ACTIVE' : platform === 'GOOGLE_ADS' && status === 'ACTIVE' ? 'ENABLED' : status;
    if (typeof s !== 'string' || !(STATUSES[platform].all as readonly string[]).includes(s)) {
      throw new SimError(`status must be one of ${STATUSES[platform].all.join(', ')}; got ${JSON.stringify(status)}`);
    }
    return s;
  }

  private startSegment(campaign: Campaign, next: Omit<Segment, 'from'>): void {
    const now = this.now();
    const last = campaign.segments.at(-1)!;
    const { running, rate, curve, cap } = next;
    // a change at the instant of the last one replaces it: the integral is the same
    if (last.from >= now) Object.assign(last, { running, rate, curve, cap });
    else campaign.segments.push({ from: now, running, rate, curve, cap });
    campaign.updatedAt = now;
  }

  private newAccountId(p: Platform): string {
    for (;;) {
      const id = p === 'GOOGLE_ADS' ? (this.nextId.account++).toString() : `act_${this.nextId.act++}`;
      if (!this.accounts.has(id)) return id;
    }
  }

  private newCampaignId(p: Platform): string {
    for (;;) {
      const id = (p === 'GOOGLE_ADS' ? this.nextId.google++ : this.nextId.meta++).toString();
      if (!this.metaCampaigns.has(id) && ![...this.accounts.values()].some((a) => a.campaigns.has(id))) return id;
    }
  }

  private newToken(p: Platform): string {
    const n = (++this.tokenSeq).toString().padStart(4, '0');
    return p === 'GOOGLE_ADS' ? `1//sim-refresh-${n}` : `EAASIM${n}`;
  }
}

function capOf(campaign: Campaign): bigint | null {
  if (campaign.budget === null) return null;
  return (campaign.budget * BigInt(Math.round(campaign.overDelivery * 1000))) / 1000n;
}

function curveOf(value: unknown): number[] {
  if (!Array.isArray(value)) throw new SimError('curve: a curve is 24 non-negative numbers, one per local hour 0–23');
  try {
    return normalizeCurve(value as number[]);
  } catch (error) {
    throw new SimError(`curve: ${(error as Error).message}`);
  }
}

function ratio(value: unknown): number {
  if (typeof value !== 'number' || !(value >= 1) || value > 100)
    throw new SimError(`overDelivery is a ratio ≥ 1 (2 = up to twice the budget); got ${JSON.stringify(value)}`);
  return value;
}

function seconds(value: unknown, field: string): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) throw new SimError(`${field} must be a number of seconds ≥ 0`);
  return value;
}

export function instant(value: unknown, field: string): number {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(at))
    throw new SimError(`${field} must be an ISO 8601 instant like "2026-12-06T08:00:00Z"; got ${JSON.stringify(value)}`);
  return at;
}
