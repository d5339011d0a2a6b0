// The live status feed. Events are rows (campaign_status_events), written with pg_notify in the
// writing transaction. Each process holds ONE listening connection (not from the query pool);
// a notification wakes the hub, which reads the new rows by id and hands them to this process's
// subscribers. After a lost connection it reconnects and catches up by id, so nothing is missed;
// writers commit events in id order (see src/engine/events.ts), so "id > last" never skips one.
//
// Each subscription is a bounded channel: the hub never waits for a reader, so a reader that does
// not keep up would otherwise hold an ever longer queue. More than maxLag events behind, it is
// ended with SUBSCRIBER_TOO_SLOW; it resubscribes with afterEventId and misses nothing.
import { Repeater } from 'graphql-yoga';
import pg from 'pg';
import type { CampaignStatusEvent, Prisma } from '../db/generated/prisma/client.ts';
import type { Db } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import { sees, type FeedFilter } from '../domain/feedFilter.ts';
import { EVENTS_CHANNEL } from '../engine/events.ts';
import { log } from '../log.ts';

const logger = log.child({ module: 'feed' });
const PAGE = 1_000;
/** How many events a subscription may fall behind before it is ended. */
export const MAX_LAG = 1_000;

// The Repeater's executor arguments (graphql-yoga re-exports the class, not these types).
type Push = (event: CampaignStatusEvent) => Promise<unknown>;
type Stop = ((error?: unknown) => undefined) & Promise<undefined>;

export interface FeedOptions {
  /** for the LISTEN connection; rows are read through db */
  url: string;
  db: Db;
  maxLag?: number;
}

export class FeedHub {
  private client: pg.Client | null = null;
  /** every event up to this id has been handed to the subscribers of the moment */
  private last = 0n;
  private readonly subscribers = new Set<Subscriber>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly url: string;
  private readonly db: Db;
  private readonly maxLag: number;

  constructor(options: FeedOptions) {
    this.url = options.url;
    this.db = options.db;
    this.maxLag = options.maxLag ?? MAX_LAG;
  }

  async start(): Promise<void> {
    this.last = await this.newest();
    await this.connect();
  }

  private async newest(): Promise<bigint> {
    const [row] = await this.db.$queryRaw<{ max: bigint | null }[]>`select max(id) as max from campaign_status_events`;
    return row?.max ?? 0n;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'budget-feed' });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      logger.warn({ err: error }, 'feed connection lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('notification', () => this.wake());
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`listen ${EVENTS_CHANNEL}`);
    this.client = client;
    this.wake(); // catch up on whatever committed while we were not listening
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
          const rows = await this.db.campaignStatusEvent.findMany({
            where: { AND: [{ id: { gt: cursor, lte: start } }, backlogWhere(filter)] },
            orderBy: { id: 'asc' },
            take: PAGE,
          });
          for (const event of rows) if (subscriber.open) await push(event);
          cursor = rows.length === PAGE ? rows.at(-1)!.id : null;
        }
        await subscriber.pump(push);
      } finally {
        subscriber.end();
      }
    });
  }

  /** the keys open subscriptions run under */
  owners(): string[] {
    return [...new Set([...this.subscribers].flatMap((s) => (s.owner ? [s.owner] : [])))];
  }

  /** Ends (with this error) every subscription running under one of these keys. */
  failOwners(owners: Set<string>, error: Error): void {
    for (const s of [...this.subscribers]) if (s.owner && owners.has(s.owner)) s.end(error);
  }

  /** Ends every subscription of this process (shutdown: SSE streams and sockets can then close). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of [...this.subscribers]) s.end();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.pumping;
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
  ) {}

  get open(): boolean {
    return this.ending === undefined;
  }

  offer(event: CampaignStatusEvent): void {
    if (!this.open || event.id <= this.floor || !sees(this.filter, event)) return;
    if (this.queue.length >= this.maxLag) return this.end(tooSlow(this.maxLag));
    this.queue.push(event);
    this.wake();
  }

  raiseFloor(to: bigint): void {
    if (to <= this.floor) return;
    this.floor = to;
    while (this.queue.length && this.queue[0]!.id <= to) this.queue.shift();
  }

  /** The channel starts at the reader's first read; an end before that is passed on then. */
  attach(stop: Stop): void {
    this.stopChannel = stop;
    // The reader returned (or the channel stopped): the hub stops offering.
    void stop.then(() => this.end());
    if (!this.open) stop(this.ending ?? undefined);
  }

  /** Hands queued events to the reader, one at a time, until the subscription ends. */
  async pump(push: Push): Promise<void> {
    while (this.open) {
      const event = this.queue.shift();
      if (event) await push(event);
      else await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
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

function tooSlow(maxLag: number): DomainError {
  return new DomainError(
    'SUBSCRIBER_TOO_SLOW',
    `this subscription fell more than ${maxLag} events behind and was ended; subscribe again with afterEventId set to the id of the last event you received, and every later one arrives`,
  );
}
