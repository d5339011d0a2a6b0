// The alert feeds: budgetAlert (budget_alerts) and platformEvents (platform_events), each an
// append-only table read by id. Their writers commit them in id order (check_budget_alerts and
// src/platforms/accountRow.ts take the feed's advisory lock before drawing ids), so "id > last"
// never skips one, and a subscription's afterId replays with no gap and no duplicate.
//
// Alerts are rare (a few per brand and day): when some commit, the hub hands the notification to
// the table's AlertFeed, which reads their brands once and wakes the subscriptions that see one of
// them (and all of them after its listening connection was lost), and each reads its own rows from
// the table: nothing is held in memory between reads.
import { Repeater } from 'graphql-yoga';
import type { BudgetAlert, PlatformEvent } from '../db/generated/prisma/client.ts';
import type { Db } from '../db/index.ts';
import { ALERTS_CHANNEL, newestId, PLATFORM_EVENTS_CHANNEL, type EventTable } from '../db/signals.ts';
import { watches, type AlertFilter } from '../domain/feedFilter.ts';
import { log } from '../log.ts';

const logger = log.child({ module: 'feed' });
const PAGE = 500;
/** ids read at once when some commit (to find their brands) */
const ANNOUNCED = 10_000;

/** A table of alerts: where it is, the channel its writers notify at commit, and how a subscription reads it. */
export interface AlertTable<Row extends { id: bigint }> {
  table: EventTable;
  channel: string;
  /** the rows the filter sees after `after`, in id order */
  read(db: Db, filter: AlertFilter, after: bigint, take: number): Promise<Row[]>;
}

/** sees(), as a Prisma where: the key's brands AND the brand asked for. */
function brandWhere(filter: AlertFilter) {
  return [
    filter.brandIds === null ? {} : { brandId: { in: [...filter.brandIds] } },
    filter.brandId === undefined ? {} : { brandId: filter.brandId },
  ];
}

export const BUDGET_ALERTS: AlertTable<BudgetAlert> = {
  table: 'budget_alerts',
  channel: ALERTS_CHANNEL,
  read: (db, filter, after, take) =>
    db.budgetAlert.findMany({ where: { AND: [{ id: { gt: after } }, ...brandWhere(filter)] }, orderBy: { id: 'asc' }, take }),
};

export const PLATFORM_EVENTS: AlertTable<PlatformEvent> = {
  table: 'platform_events',
  channel: PLATFORM_EVENTS_CHANNEL,
  read: (db, filter, after, take) =>
    db.platformEvent.findMany({ where: { AND: [{ id: { gt: after } }, ...brandWhere(filter)] }, orderBy: { id: 'asc' }, take }),
};

/** What a feed's subscriptions are told by the hub. */
export interface FeedState {
  /** the hub has stopped: no new subscription */
  stopped(): boolean;
  /** a subscription is registered and caught up: every row committed from now on reaches it */
  live(): void;
}

/** One table's subscriptions in this process, and the reads that wake them. */
export class AlertFeed<Row extends { id: bigint }> {
  readonly subscriptions = new Set<AlertSubscription<Row>>();
  /** every row up to this id has been announced to the subscriptions it concerns */
  private last = 0n;
  private reading: Promise<void> | null = null;
  private again = false;

  constructor(
    readonly source: AlertTable<Row>,
    private readonly db: Db,
    private readonly state: FeedState,
  ) {}

  /** From the table's end: what committed before is for the subscriptions' own catch-up. */
  async start(): Promise<void> {
    this.last = await newestId(this.db, this.source.table);
  }

  /**
   * Rows committed (or the hub reconnected): one read of their brands for the whole process, then
   * a wake-up for the subscriptions that see one of them (each reads its own rows). One read at a time.
   */
  wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        const rows = await this.db.$queryRawUnsafe<{ id: bigint; brand_id: string }[]>(
          `select id, brand_id from ${this.source.table} where id > $1 order by id limit ${ANNOUNCED}`,
          this.last,
        );
        if (!rows.length) continue;
        this.last = rows.at(-1)!.id;
        const brands = new Set(rows.map((r) => r.brand_id));
        for (const a of this.subscriptions) if ([...brands].some((b) => watches(a.filter, b))) a.wake();
        if (rows.length === ANNOUNCED) this.again = true;
      } while (this.again && !this.state.stopped());
    })()
      .catch((error: unknown) => {
        logger.error({ err: error, table: this.source.table }, 'alert read failed');
        // the subscriptions read for themselves: better a wake-up too many than one missed
        for (const a of this.subscriptions) a.wake();
      })
      .finally(() => {
        this.reading = null;
      });
  }

  /** Rows committed after this call (with afterId: every matching one with a larger id first). */
  subscribe(filter: AlertFilter, owner: string | null): AsyncIterableIterator<Row> {
    return new AlertSubscription(this, filter, owner, this.db).read();
  }

  /** false: the hub has stopped */
  register(s: AlertSubscription<Row>): boolean {
    if (this.state.stopped()) return false;
    this.subscriptions.add(s);
    return true;
  }

  unregister(s: AlertSubscription<Row>): void {
    this.subscriptions.delete(s);
  }

  /** a subscription is registered and caught up */
  live(): void {
    this.state.live();
  }

  /** The read in flight, if any (the hub's stop waits for it). */
  async settled(): Promise<void> {
    await this.reading;
  }
}

export class AlertSubscription<Row extends { id: bigint }> {
  /** counts the feed's wake-ups, so one that comes during a read is not slept through */
  private generation = 0;
  private wakeReader: (() => void) | null = null;
  private stopChannel: ((error?: unknown) => void) | null = null;
  /** undefined while open; then null (ended cleanly) or the error it ended with */
  private ending: Error | null | undefined = undefined;
  /** rows up to this id are not for this subscription: the table's end when it was made, or afterId */
  private readonly floor: Promise<bigint>;

  constructor(
    private readonly feed: AlertFeed<Row>,
    readonly filter: AlertFilter,
    /** the API key it runs under: revoking the key ends it */
    readonly owner: string | null,
    private readonly db: Db,
  ) {
    this.floor = filter.afterId !== undefined ? Promise.resolve(filter.afterId) : newestId(db, feed.source.table);
    this.floor.catch(() => undefined);
  }

  get open(): boolean {
    return this.ending === undefined;
  }

  /** Some rows committed (or the hub reconnected): read what is new. */
  wake(): void {
    this.generation++;
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
  }

  end(error?: Error): void {
    if (!this.open) return;
    this.ending = error ?? null;
    this.feed.unregister(this);
    this.stopChannel?.(error);
    this.wake();
  }

  read(): AsyncIterableIterator<Row> {
    return new Repeater<Row>(async (push, stop) => {
      this.stopChannel = stop;
      void stop.then(() => this.end());
      if (this.open && !this.feed.register(this)) this.end();
      if (!this.open) stop(this.ending ?? undefined);
      let cursor = await this.floor;
      let live = false;
      while (this.open) {
        const seen = this.generation;
        const rows = await this.feed.source.read(this.db, this.filter, cursor, PAGE);
        for (const row of rows) {
          if (!this.open) break;
          await push(row);
          cursor = row.id;
        }
        if (!live && rows.length < PAGE && this.open) {
          live = true;
          this.feed.live(); // its backlog handed over; every row committed from now on reaches it
        }
        if (rows.length < PAGE && seen === this.generation && this.open) {
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
        }
      }
    });
  }
}
