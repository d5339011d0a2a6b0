// The live status feed. Events are rows (campaign_status_events), written with pg_notify in the
// writing transaction. Each process holds ONE listening connection (not from the query pool);
// a notification wakes the hub, which reads the new rows by id and hands them to this process's
// subscribers. After a lost connection it reconnects and catches up by id, so nothing is missed;
// writers commit events in id order (see src/engine/events.ts), so "id > last" never skips one.
import pg from 'pg';
import { db } from '../db/index.ts';
import { EVENTS_CHANNEL } from '../engine/events.ts';
import type { CampaignStatusEvent } from '../db/generated/prisma/client.ts';
import { log } from '../log.ts';

const logger = log.child({ module: 'feed' });
const PAGE = 1_000;

export interface FeedFilter {
  /** the brands the subscriber's key may see; undefined = every brand */
  brandIds?: string[];
  brandId?: string;
  campaignId?: string;
  /** replay every matching event with a larger id first */
  afterEventId?: bigint;
}

interface Subscriber {
  filter: FeedFilter;
  /** the API key it runs under: revoking the key ends it */
  owner: string | null;
  fail(error: Error): void;
  push(event: CampaignStatusEvent): void;
  /** completes the subscription (the client sees its end) */
  end(): void;
}

export class FeedHub {
  private client: pg.Client | null = null;
  private last = 0n;
  private readonly subscribers = new Set<Subscriber>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {}

  async start(): Promise<void> {
    const [row] = await db().$queryRaw<{ max: bigint | null }[]>`select max(id) as max from campaign_status_events`;
    this.last = row?.max ?? 0n;
    await this.connect();
  }

  /** The last event id this process has delivered (all below it are delivered too). */
  get position(): bigint {
    return this.last;
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
          const rows = await db().campaignStatusEvent.findMany({ where: { id: { gt: this.last } }, orderBy: { id: 'asc' }, take: PAGE });
          for (const event of rows) {
            this.last = event.id;
            for (const s of this.subscribers) if (matches(s.filter, event)) s.push(event);
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
   * larger id first), with no gap and no duplicate.
   */
  subscribe(filter: FeedFilter, owner: string | null = null): AsyncIterableIterator<CampaignStatusEvent> {
    const start = this.last;
    const queue: CampaignStatusEvent[] = [];
    let waiting: ((r: IteratorResult<CampaignStatusEvent>) => void) | null = null;
    let done = false;
    let floor = filter.afterEventId !== undefined && filter.afterEventId > start ? filter.afterEventId : start;
    // Without afterEventId: only what commits after this call, even if this process has not read
    // the newest rows yet. Register first (nothing is missed), then raise the floor to the table's end.
    let raising: Promise<bigint> | null =
      filter.afterEventId === undefined
        ? db().$queryRaw<{ max: bigint | null }[]>`select max(id) as max from campaign_status_events`.then(([row]) => row?.max ?? 0n)
        : null;
    let failure: Error | null = null;
    const subscriber: Subscriber = {
      filter,
      owner,
      end: () => finish(),
      fail: (error) => {
        failure = error;
        if (waiting) {
          const w = waiting;
          waiting = null;
          finish();
          w(Promise.reject(error) as never);
        } else finish();
      },
      push: (event) => {
        if (event.id <= floor) return;
        if (waiting) {
          const w = waiting;
          waiting = null;
          w({ value: event, done: false });
        } else queue.push(event);
      },
    };
    this.subscribers.add(subscriber);
    const finish = () => {
      done = true;
      this.subscribers.delete(subscriber);
      waiting?.({ value: undefined, done: true });
      waiting = null;
    };
    // The backlog, (afterEventId, start], is read from the table page by page before the live queue.
    let cursor = filter.afterEventId !== undefined && filter.afterEventId < start ? filter.afterEventId : null;
    const earlier: CampaignStatusEvent[] = [];
    const iterator: AsyncIterableIterator<CampaignStatusEvent> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        if (raising) {
          const end = await raising;
          raising = null;
          if (end > floor) floor = end;
          queue.splice(0, queue.length, ...queue.filter((e) => e.id > floor));
        }
        while (!earlier.length && cursor !== null && !done) {
          const rows = await readBacklog(filter, cursor, start);
          earlier.push(...rows);
          cursor = rows.length === PAGE ? rows.at(-1)!.id : null;
        }
        if (failure) throw failure;
        if (earlier.length) return { value: earlier.shift()!, done: false };
        if (queue.length) return { value: queue.shift()!, done: false };
        if (done) return { value: undefined, done: true };
        return new Promise((resolve) => (waiting = resolve));
      },
      return: async () => {
        finish();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /** the keys open subscriptions run under */
  owners(): string[] {
    return [...new Set([...this.subscribers].flatMap((s) => (s.owner ? [s.owner] : [])))];
  }

  /** Ends (with this error) every subscription running under one of these keys. */
  failOwners(owners: Set<string>, error: Error): void {
    for (const s of [...this.subscribers]) if (s.owner && owners.has(s.owner)) s.fail(error);
  }

  /** open subscriptions in this process */
  get subscriberCount(): number {
    return this.subscribers.size;
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

function matches(filter: FeedFilter, event: CampaignStatusEvent): boolean {
  return (
    (((!filter.brandIds || filter.brandIds.includes(event.brandId)) && !filter.brandId) || event.brandId === filter.brandId) &&
    (!filter.campaignId || event.campaignId === filter.campaignId)
  );
}

async function readBacklog(filter: FeedFilter, after: bigint, upTo: bigint): Promise<CampaignStatusEvent[]> {
  return db().campaignStatusEvent.findMany({
    where: {
      id: { gt: after, lte: upTo },
      ...(filter.brandId ? { brandId: filter.brandId } : filter.brandIds ? { brandId: { in: filter.brandIds } } : {}),
      ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
    },
    orderBy: { id: 'asc' },
    take: PAGE,
  });
}

let hub: FeedHub | null = null;

export async function startFeed(url: string): Promise<FeedHub> {
  hub = new FeedHub(url);
  await hub.start();
  return hub;
}

export function feed(): FeedHub {
  if (!hub) throw new Error('the status feed is not running in this process');
  return hub;
}

export async function stopFeed(): Promise<void> {
  const h = hub;
  hub = null;
  await h?.stop();
}
