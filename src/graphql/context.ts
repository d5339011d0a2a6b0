// The per-request context: who acts, the request's instant, batch loaders for computed figures,
// and what the server lends each request. The server's parts are reached through the small
// interfaces below, so GraphQL does not import the server (the server imports GraphQL).
import DataLoader from 'dataloader';
import type { BudgetAlert, CampaignStatusEvent, PlatformEvent } from '../db/generated/prisma/client.ts';
import { db, heavyReads } from '../db/index.ts';
import type { AlertFilter, FeedFilter, WatchFilter } from '../domain/feedFilter.ts';
import type { Principal, Scope } from '../domain/scope.ts';
import { spendFigures, type Figures } from '../reads/figures.ts';
import { nextChanges, pauseRules, type NextChange, type Rules } from '../reads/outlook.ts';
import { overridesInForce } from '../reads/overrides.ts';
import type { OverrideRow } from '../engine/overrides.ts';
import { brandPacing, campaignPacing, type Pacing } from '../reads/pacing.ts';
import type { SpendQueue } from '../engine/spendQueue.ts';
import type { PlatformAccess } from '../platforms/accounts.ts';
import { recentPlatformEvents } from '../reads/platformEvents.ts';
import { platformStates, type PlatformStateRow } from '../platforms/push.ts';

/** This server's cache of API keys. */
export interface KeyCache {
  /** a key just revoked here is refused from the next request, not after the cache's second */
  forget(keyId: string): void;
}

/** This process's live status feed. */
export interface Feed {
  /** owner: the API key it runs under (revoking the key ends it) */
  subscribe(filter: FeedFilter, owner: string | null): AsyncIterable<CampaignStatusEvent>;
  /** brand ids whose spend figures moved, each at most once per interval */
  watchSpends(filter: WatchFilter, owner: string | null): AsyncIterable<string>;
  /** budget alerts committed from now on (with afterId: matching earlier ones first) */
  subscribeAlerts(filter: AlertFilter, owner: string | null): AsyncIterable<BudgetAlert>;
  /** platform events committed from now on (with afterId: matching earlier ones first) */
  subscribePlatformEvents(filter: AlertFilter, owner: string | null): AsyncIterable<PlatformEvent>;
  /** these brands' spend figures moved: a spend write committed */
  spent(brandIds: Iterable<string>): void;
}

/** What the server lends every request. */
export interface Services {
  keys: KeyCache;
  feed: Feed;
  spends: SpendQueue;
  /** OUTBOUND_ALLOW_HOSTS (src/delivery/outbound.ts): a webhook URL naming one may lead anywhere */
  outboundAllowHosts: readonly string[];
  /** the ad platforms' settings and BUDGET_SECRET_KEY's key (null: credentials are refused) */
  platforms: PlatformAccess;
}

/** An operation's cost in points (src/graphql/cost.ts): set before it runs, raised by what charges once it knows its size. */
export interface Cost {
  requested: number;
  limit: number;
}

export interface Context {
  /** the API key (null: none given; only open fields run) */
  principal: Principal | null;
  /** what engine writes act as: the principal (null without a key) */
  scope: Scope | null;
  /** one instant per request: every figure of one answer is computed at the same moment */
  at: Date;
  keys: KeyCache;
  feed: Feed;
  /** this process's group commit of single spends */
  spends: SpendQueue;
  outboundAllowHosts: readonly string[];
  platforms: PlatformAccess;
  /** the cost limit's account of this operation (unlimited until the limit's plugin sets it) */
  cost: Cost;
  /** spend today and this month, of brands and campaigns alike: one query for a page (null: no such row) */
  figures: Loader<FiguresKey, Figures | null, string>;
  /** figures read with their rows (a brand or campaign row → its figures): their fields answer at once */
  figuresOf: WeakMap<object, Figures>;
  /** brand id → its currency, which fixes how its money is written (fixed at creation: never cleared) */
  currencies: Loader<string, string>;
  /** Campaign.pauseReasons (and liftedReasons) and Campaign.nextChange: one query each for a page (nextChange's on the heavy-read pool) */
  outlook: {
    rules: Loader<string, Rules>;
    nextChange: Loader<string, NextChange | null>;
  };
  /** Brand.overrides and Campaign.overrides (in force): one query each for a page */
  overrides: {
    brand: Loader<string, OverrideRow[]>;
    campaign: Loader<string, OverrideRow[]>;
  };
  /** pacing at an instant (the request's, or a what-if `at`): one query per instant and kind, on the heavy-read pool */
  pacing: {
    brand: Loader<PacingKey, Pacing, string>;
    campaign: Loader<PacingKey, Pacing, string>;
  };
  /** AdAccount.events: the newest of each account, one query per page size */
  accountEvents: Loader<{ id: string; first: number }, PlatformEvent[], string>;
  /** Campaign.platformState: one query for a page (null: not linked) */
  platformStates: Loader<string, PlatformStateRow | null>;
}

export interface FiguresKey {
  of: 'brand' | 'campaign';
  id: string;
}

export interface PacingKey {
  id: string;
  at: Date;
}

/**
 * A loader's batch for keys with a second part (an instant, a page size): the ids of each part are
 * read in one query, `missing` answering an id it did not find.
 */
function perPart<K extends { id: string }, V>(
  partOf: (key: K) => string | number,
  load: (ids: string[], key: K) => Promise<Map<string, V>>,
  missing: (key: K) => V | Error,
): DataLoader.BatchLoadFn<K, V> {
  return async (keys) => {
    const parts = new Map<string | number, Promise<Map<string, V>>>();
    for (const k of keys) {
      const part = partOf(k);
      if (!parts.has(part)) parts.set(part, load([...new Set(keys.filter((x) => partOf(x) === part).map((x) => x.id))], k));
    }
    return Promise.all(keys.map(async (k) => (await parts.get(partOf(k))!).get(k.id) ?? missing(k)));
  };
}

/** A loader of pacing figures that batches the keys of each instant into one query. */
function pacingLoader(load: (ids: string[], at: Date) => Promise<Map<string, Pacing>>) {
  return new Loader<PacingKey, Pacing, string>(
    perPart(
      (k) => k.at.getTime(),
      (ids, k) => load(ids, k.at),
      (k) => new Error(`no pacing for ${k.id}`),
    ),
    { cacheKeyFn: (k) => `${k.at.toISOString()} ${k.id}` },
  );
}

/** A loader of ids whose answers come as a map from one query, `fallback` for an id it lacks. */
function mapLoader<V>(load: (ids: string[]) => Promise<Map<string, V>>, fallback: V) {
  return new Loader<string, V>(async (ids) => {
    const found = await load([...ids]);
    return ids.map((id) => found.get(id) ?? fallback);
  });
}

/**
 * Brand id → currency, for every request of this process: a brand's currency is fixed at its
 * creation, so an answer's money (a recorded spend's amount) is written without reading it again.
 */
const knownCurrencies = new Map<string, string>();
const MAX_KNOWN_CURRENCIES = 10_000;

export function createContext(services: Services, principal: Principal | null = null): Context {
  const context: Context = {
    principal,
    scope: principal,
    at: new Date(),
    keys: services.keys,
    feed: services.feed,
    spends: services.spends,
    outboundAllowHosts: services.outboundAllowHosts,
    platforms: services.platforms,
    cost: { requested: 0, limit: Number.POSITIVE_INFINITY },
    currencies: new Loader(async (ids) => {
      const missing = ids.filter((id) => !knownCurrencies.has(id));
      if (missing.length) {
        const rows = await db().brand.findMany({ where: { id: { in: missing } }, select: { id: true, currency: true } });
        if (knownCurrencies.size + rows.length > MAX_KNOWN_CURRENCIES) knownCurrencies.clear();
        for (const r of rows) knownCurrencies.set(r.id, r.currency);
      }
      return ids.map((id) => knownCurrencies.get(id) ?? new Error(`no brand ${id}`));
    }),
    ...loaders(() => context.at),
  };
  return context;
}

/**
 * A DataLoader made on its first load. Most operations use none of a context's loaders (a spend,
 * a status event), and a subscription keeps its context for as long as it is open: made up front,
 * they were 5 KB of each subscriber's 17 KB (issue 27).
 */
export class Loader<K, V, C = K> {
  #loader: DataLoader<K, V, C> | undefined;
  constructor(
    private readonly batch: DataLoader.BatchLoadFn<K, V>,
    private readonly options?: DataLoader.Options<K, V, C>,
  ) {}

  load(key: K): Promise<V> {
    return (this.#loader ??= new DataLoader(this.batch, this.options)).load(key);
  }
}

/** The loaders of what holds as of the instant `at()` (the request's, or a subscription event's). */
function loaders(
  at: () => Date,
): Pick<Context, 'figures' | 'figuresOf' | 'outlook' | 'overrides' | 'pacing' | 'accountEvents' | 'platformStates'> {
  return {
    figures: new Loader(
      async (keys) => {
        const ids = (of: FiguresKey['of']) => keys.filter((k) => k.of === of).map((k) => k.id);
        const found = await spendFigures(db(), ids('brand'), ids('campaign'), at());
        return keys.map((k) => found[`${k.of}s`].get(k.id) ?? null);
      },
      { cacheKeyFn: (k) => `${k.of} ${k.id}` },
    ),
    figuresOf: new WeakMap(),
    outlook: {
      rules: mapLoader((ids) => pauseRules(db(), ids, at()), { reasons: [], lifted: [] }),
      nextChange: mapLoader((ids) => heavyReads().run((heavy) => nextChanges(heavy, ids, at())), null),
    },
    overrides: {
      brand: mapLoader((ids) => overridesInForce(db(), 'brand', ids, at()), []),
      campaign: mapLoader((ids) => overridesInForce(db(), 'campaign', ids, at()), []),
    },
    pacing: {
      brand: pacingLoader((ids, instant) => heavyReads().run((heavy) => brandPacing(heavy, ids, instant))),
      campaign: pacingLoader((ids, instant) => heavyReads().run((heavy) => campaignPacing(heavy, ids, instant))),
    },
    accountEvents: new Loader(
      perPart(
        (k) => k.first,
        (ids, k) => recentPlatformEvents(db(), ids, k.first),
        () => [],
      ),
      { cacheKeyFn: (k) => `${k.first} ${k.id}` },
    ),
    platformStates: mapLoader((ids) => platformStates(db(), ids), null),
  };
}

/** A subscription lives on one context: each event is answered as of its own moment, with new loaders. */
export function refresh(context: Context): void {
  context.at = new Date();
  Object.assign(
    context,
    loaders(() => context.at),
  );
}
