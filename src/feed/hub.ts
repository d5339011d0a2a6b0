// The live status feed. Events are rows (campaign_status_events), written with pg_notify in the
// writing transaction. Each process holds ONE listening connection (not from the query pool);
// a notification wakes the hub, which reads the new rows by id and hands them to this process's
// subscribers. After a lost connection it reconnects and catches up by id, so nothing is missed;
// writers commit events in id order (see src/engine/events.ts), so "id > last" never skips one.
//
// Each subscription is a bounded channel: the hub never waits for a reader, so it holds at most
// maxLag events for one. A reader further behind (a burst: a midnight reset writes an event per
// campaign in one commit) stops being offered events and reads them from the table instead, page
// by page at its own pace, until it has caught up: memory stays bounded and a fast reader misses
// nothing. A reader that stays behind without reading for stallMs is ended with
// SUBSCRIBER_TOO_SLOW; it resubscribes with afterEventId and misses nothing.
//
// The same connection listens to SPENDS_CHANNEL, where every process announces the brands whose
// spend figures moved, and hands them to the spend watches (spendWatch.ts), and to the alert
// tables' channels (budget alerts, platform events), which wake their subscriptions (alerts.ts).
import { Repeater } from 'graphql-yoga';
import pg from 'pg';
import type { BudgetAlert, CampaignStatusEvent, PlatformEvent, Prisma } from '../db/generated/prisma/client.ts';
import type { Db } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import { sees, type AlertFilter, type FeedFilter, type WatchFilter } from '../domain/feedFilter.ts';
import { EVENTS_CHANNEL, newestId, SPENDS_CHANNEL } from '../db/signals.ts';
import { log } from '../log.ts';
import { subscriptionsStarted } from '../metrics.ts';
import { AlertFeed, BUDGET_ALERTS, PLATFORM_EVENTS } from './alerts.ts';
import { SpendSignal, SpendWatch } from './spendWatch.ts';

const logger = log.child({ module: 'feed' });
const PAGE = 1_000;
/** How many events the hub holds for one subscription; past that it reads from the table. */
export const MAX_LAG = 1_000;
/** How long a subscription may stay behind without its reader taking an event before it is ended. */
export const STALL_MS = 15_000;

// The Repeater's executor arguments (graphql-yoga re-exports the class, not these types).
type Push = (event: CampaignStatusEvent) => Promise<unknown>;
type Stop = ((error?: unknown) => undefined) & Promise<undefined>;

export interface FeedOptions {
  /** for the LISTEN connection; rows are read through db */
  url: string;
  db: Db;
  maxLag?: number;
  stallMs?: number;
}

export class FeedHub {
  private client: pg.Client | null = null;
  /** every event up to this id has been handed to the subscribers of the moment */
  private last = 0n;
  private readonly subscribers = new Set<Subscriber>();
  private readonly watches = new Set<SpendWatch>();
  private readonly budgetAlerts: AlertFeed<BudgetAlert>;
  private readonly platformEvents: AlertFeed<PlatformEvent>;
  /** the alert feeds, by the channel that wakes each */
  private readonly alertFeeds: Map<string, AlertFeed<{ id: bigint }>>;
  private readonly signal: SpendSignal;
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly url: string;
  private readonly db: Db;
  private readonly maxLag: number;
  private readonly stallMs: number;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(options: FeedOptions) {
    this.url = options.url;
    this.db = options.db;
    this.maxLag = options.maxLag ?? MAX_LAG;
    this.stallMs = options.stallMs ?? STALL_MS;
    this.signal = new SpendSignal(this.db);
    const state = { stopped: () => this.stopped, live: () => subscriptionsStarted.inc() };
    this.budgetAlerts = new AlertFeed(BUDGET_ALERTS, this.db, state);
    this.platformEvents = new AlertFeed(PLATFORM_EVENTS, this.db, state);
    this.alertFeeds = new Map<string, AlertFeed<{ id: bigint }>>(
      [this.budgetAlerts, this.platformEvents].map((f) => [f.source.channel, f]),
    );
  }

  async start(): Promise<void> {
    this.last = await this.newest();
    for (const f of this.alertFeeds.values()) await f.start();
    await this.connect();
    this.sweeper = setInterval(
      () => {
        const now = Date.now();
        for (const s of [...this.subscribers]) if (s.stalledFor(now) > this.stallMs) s.end(tooSlow(this.stallMs));
      },
      Math.min(1_000, this.stallMs / 2),
    );
    this.sweeper.unref();
  }

  private newest(): Promise<bigint> {
    return newestId(this.db, 'campaign_status_events');
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'budget-feed' });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      logger.warn({ err: error }, 'feed connection lost; reconnecting');
      // spend announcements are not replayed: end the watches, their readers subscribe again and re-read
      for (const w of [...this.watches]) w.end();
      this.scheduleReconnect();
    };
    client.on('notification', (n) => {
      if (n.channel === EVENTS_CHANNEL) this.wake();
      else if (n.channel === SPENDS_CHANNEL && n.payload) {
        const brandIds = n.payload.split(',');
        for (const w of this.watches) w.offer(brandIds);
      } else this.alertFeeds.get(n.channel)?.wake();
    });
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query([EVENTS_CHANNEL, SPENDS_CHANNEL, ...this.alertFeeds.keys()].map((channel) => `listen ${channel}`).join('; '));
    this.client = client;
    // catch up on whatever committed while we were not listening
    this.wake();
    for (const f of this.alertFeeds.values()) f.wake();
  }

  private scheduleReconnect(): void {
    this.client = null;
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: unknown) => {
        logger.warn({ err: error }, 'feed reconnect failed; retrying');
        this.scheduleReconnect();
      });
    }, 500);
  }

  /** Reads everything after `last`, in id order, and delivers it; one pump at a time. */
  private wake(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = (async () => {
      do {
        this.again = false;
        for (;;) {
          const rows = await this.db.campaignStatusEvent.findMany({ where: { id: { gt: this.last } }, orderBy: { id: 'asc' }, take: PAGE });
          for (const event of rows) {
            this.last = event.id;
            for (const s of this.subscribers) s.offer(event);
          }
          if (rows.length < PAGE) break;
        }
      } while (this.again && !this.stopped);
    })()
      .catch((error: unknown) => logger.error({ err: error }, 'feed read failed'))
      .finally(() => {
        this.pumping = null;
      });
  }

  /**
   * Events committed after this call (and, with afterEventId, every matching earlier one with a
   * larger id first), with no gap and no duplicate, until the reader stops, its key is revoked,
   * the hub stops, or it falls more than maxLag events behind.
   */
  subscribe(filter: FeedFilter, owner: string | null = null): AsyncIterableIterator<CampaignStatusEvent> {
    const start = this.last;
    const after = filter.afterEventId;
    // Registered now, not at the first read: nothing committed after this call can be missed.
    const subscriber = new Subscriber(filter, owner, after !== undefined && after > start ? after : start, this.maxLag, (s) =>
      this.subscribers.delete(s),
    );
    // Behind: the events (cursor, the hub's position] that match, from the table.
    const catchUp = async (cursor: bigint) => {
      const upTo = this.last;
      const rows = await this.readMatching(filter, cursor, upTo);
      return { rows, scannedTo: rows.length === PAGE ? rows.at(-1)!.id : upTo };
    };
    this.subscribers.add(subscriber);
    if (this.stopped) subscriber.end(); // shutting down: its stream ends instead of holding the server open
    // Without afterEventId: only what commits after this call, even if this process has not read
    // the newest rows yet; the floor rises to the table's end once known.
    const raising = after === undefined ? this.newest() : null;
    // Awaited at the first read; a reader that never reads must not leave it unhandled.
    raising?.catch(() => undefined);
    // With it: the backlog (afterEventId, start] is read from the table, page by page, as the
    // reader takes it (push resolves once the reader asks for the next event).
    const backlog = after !== undefined && after < start ? after : null;
    return new Repeater<CampaignStatusEvent>(async (push, stop) => {
      subscriber.attach(stop);
      try {
        if (raising) subscriber.raiseFloor(await raising);
        for (let cursor = backlog; cursor !== null && subscriber.open;) {
          const rows = await this.readMatching(filter, cursor, start);
          for (const event of rows) if (subscriber.open) await push(event);
          cursor = rows.length === PAGE ? rows.at(-1)!.id : null;
        }
        // Live: its backlog handed over, and everything committed from now on reaches it (tests
        // wait for this count, not for time).
        if (subscriber.open) subscriptionsStarted.inc();
        await subscriber.pump(push, catchUp, () => this.last);
      } finally {
        subscriber.end();
      }
    });
  }

  /** These brands' spend figures moved (a write committed): tells every process's watches, batched. */
  spent(brandIds: Iterable<string>): void {
    this.signal.add(brandIds);
  }

  /** Sends the spend announcements collected so far now, not at the end of their interval (as stop does). */
  flushSpends(): Promise<void> {
    return this.signal.flush();
  }

  /** Brand ids whose spend figures moved from now on, each at most once per interval (spendWatch.ts). */
  watchSpends(filter: WatchFilter, owner: string | null = null): AsyncIterableIterator<string> {
    const watches = this.watches;
    const registry = {
      add: (w: SpendWatch) => {
        if (this.stopped) return false;
        watches.add(w);
        subscriptionsStarted.inc(); // live: announcements from now on reach it
        return true;
      },
      delete: (w: SpendWatch) => void watches.delete(w),
    };
    return new SpendWatch(filter, owner, registry).read();
  }

  /** Budget alerts committed after this call (with afterId: every matching one with a larger id first). */
  subscribeAlerts(filter: AlertFilter, owner: string | null = null): AsyncIterableIterator<BudgetAlert> {
    return this.budgetAlerts.subscribe(filter, owner);
  }

  /** Platform events committed after this call (with afterId: every matching one with a larger id first). */
  subscribePlatformEvents(filter: AlertFilter, owner: string | null = null): AsyncIterableIterator<PlatformEvent> {
    return this.platformEvents.subscribe(filter, owner);
  }

  private readMatching(filter: FeedFilter, after: bigint, upTo: bigint): Promise<CampaignStatusEvent[]> {
    return this.db.campaignStatusEvent.findMany({
      where: { AND: [{ id: { gt: after, lte: upTo } }, backlogWhere(filter)] },
      orderBy: { id: 'asc' },
      take: PAGE,
    });
  }

  /** every event up to this id has been handed to this process's subscribers */
  position(): bigint {
    return this.last;
  }

  /** open subscriptions of this hub: event, spend and alert ones */
  size(): number {
    return this.all().length;
  }

  private all(): { owner: string | null; end(error?: Error): void }[] {
    return [...this.subscribers, ...this.watches, ...[...this.alertFeeds.values()].flatMap((f) => [...f.subscriptions])];
  }

  /** subscriptions running under this key (shared ones count once: tests) */
  runningFor(owner: string): number {
    return this.all().filter((s) => s.owner === owner).length;
  }

  /** the keys open subscriptions run under */
  owners(): string[] {
    return [...new Set(this.all().flatMap((s) => (s.owner ? [s.owner] : [])))];
  }

  /** Ends (with this error) every subscription running under one of these keys. */
  failOwners(owners: Set<string>, error: Error): void {
    for (const s of this.all()) if (s.owner && owners.has(s.owner)) s.end(error);
  }

  /** Ends every subscription of this process (shutdown: SSE streams and sockets can then close). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.signal.flush();
    if (this.sweeper) clearInterval(this.sweeper);
    for (const s of this.all()) s.end();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.pumping;
    for (const f of this.alertFeeds.values()) await f.settled();
  }
}

/** sees(), in SQL: the key's brands AND the brand asked for AND the campaign. */
function backlogWhere(filter: FeedFilter): Prisma.CampaignStatusEventWhereInput {
  return {
    AND: [
      filter.brandIds === null ? {} : { brandId: { in: [...filter.brandIds] } },
      filter.brandId === undefined ? {} : { brandId: filter.brandId },
      filter.campaignId === undefined ? {} : { campaignId: filter.campaignId },
    ],
  };
}

/** One subscription: the live events the hub offers it, held until its reader takes them. */
class Subscriber {
  private readonly queue: CampaignStatusEvent[] = [];
  /** set while it is behind: the events after this id are read from the table, not held here */
  private behind: bigint | null = null;
  /** the id of the last event handed to the reader (or the floor) */
  private delivered: bigint;
  /** when the reader last took an event, or fell behind (a stall is counted from the later) */
  private active = Date.now();
  /** undefined while open; then null (ended cleanly) or the error it ended with */
  private ending: Error | null | undefined = undefined;
  private stopChannel: Stop | null = null;
  private wakeReader: (() => void) | null = null;

  constructor(
    readonly filter: FeedFilter,
    /** the API key it runs under: revoking the key ends it */
    readonly owner: string | null,
    /** events up to this id come from the backlog, or are older than the subscription */
    private floor: bigint,
    private readonly maxLag: number,
    private readonly onEnd: (s: Subscriber) => void,
  ) {
    this.delivered = floor;
  }

  get open(): boolean {
    return this.ending === undefined;
  }

  offer(event: CampaignStatusEvent): void {
    if (!this.open || event.id <= this.floor || this.behind !== null || !sees(this.filter, event)) return;
    if (this.queue.length >= this.maxLag) {
      // Drop what is held: the table has it. The reader goes on from the last event it took.
      this.behind = this.queue[0] ? this.queue[0].id - 1n : this.delivered;
      this.queue.length = 0;
      this.active = Date.now();
    } else this.queue.push(event);
    this.wake();
  }

  raiseFloor(to: bigint): void {
    if (to <= this.floor) return;
    this.floor = to;
    if (this.delivered < to) this.delivered = to;
    if (this.behind !== null && this.behind < to) this.behind = to;
    while (this.queue.length && this.queue[0]!.id <= to) this.queue.shift();
  }

  /** How long it has been behind without its reader taking an event (0 when not behind). */
  stalledFor(now: number): number {
    return this.behind === null ? 0 : now - this.active;
  }

  /** The channel starts at the reader's first read; an end before that is passed on then. */
  attach(stop: Stop): void {
    this.stopChannel = stop;
    // The reader returned (or the channel stopped): the hub stops offering.
    void stop.then(() => this.end());
    if (!this.open) stop(this.ending ?? undefined);
  }

  /**
   * Hands events to the reader, one at a time, until the subscription ends: the held ones, or,
   * while it is behind, pages from the table up to the hub's position. It is caught up when a scan
   * reaches the hub's position with nothing offered in between (checked without yielding, so no
   * event falls between the table and the queue).
   */
  async pump(
    push: Push,
    catchUp: (cursor: bigint) => Promise<{ rows: CampaignStatusEvent[]; scannedTo: bigint }>,
    position: () => bigint,
  ): Promise<void> {
    while (this.open) {
      if (this.behind !== null) {
        const { rows, scannedTo } = await catchUp(this.behind);
        for (const event of rows) if (this.open) await this.hand(push, event);
        this.behind = scannedTo >= position() ? null : scannedTo;
        continue;
      }
      const event = this.queue.shift();
      if (event) await this.hand(push, event);
      else await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }

  private async hand(push: Push, event: CampaignStatusEvent): Promise<void> {
    await push(event);
    this.delivered = event.id;
    this.active = Date.now();
  }

  end(error?: Error): void {
    if (!this.open) return;
    this.ending = error ?? null;
    this.queue.length = 0;
    this.onEnd(this);
    this.stopChannel?.(error);
    this.wake();
  }

  private wake(): void {
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
  }
}

function tooSlow(stallMs: number): DomainError {
  return new DomainError(
    'SUBSCRIBER_TOO_SLOW',
    `this subscription fell behind and read nothing for ${stallMs / 1000} s, so it was ended; subscribe again with afterEventId set to the id of the last event you received, and every later one arrives`,
  );
}
