// Brands whose spend figures moved, for dashboards (brandSpendChanged).
//
// The process that wrote spends announces their brands, after the commit, on SPENDS_CHANNEL: a
// SpendSignal collects the ids and sends them at most every interval, in one pg_notify per 200
// brands (a payload stays under PostgreSQL's 8,000 bytes). The commit itself notifies nothing, so
// ingestion pays nothing for it: a trigger's NOTIFY serialises commits and measured 25 % fewer
// spends/s. Spends typed into the database by hand are not announced, and announcements sent
// while a hub's listening connection is down are lost: the hub then ends its watches, so their
// readers subscribe again and read their figures afresh (the dashboard does, and also re-reads
// every minute).
//
// Each process's hub hands the ids to its SpendWatches, and a watch gives its reader brand ids,
// each at most once per interval. It holds a set, not a queue: a brand that moves ten times while
// its reader is busy is given once, with its figures as of the reading, so a slow reader costs one
// entry per brand. (Over WebSocket, readers with the same key and query share one execution, with
// a bounded queue each: src/server/multicast.ts.) Figures are state, not events: nothing is
// replayed.
import { Repeater } from 'graphql-yoga';
import type { Db } from '../db/index.ts';
import { SPENDS_CHANNEL } from '../db/signals.ts';
import { watches, type WatchFilter } from '../domain/feedFilter.ts';
import { log } from '../log.ts';
import { detached } from '../trace.ts';

/** each brand is given at most once per this many milliseconds */
export const WATCH_INTERVAL_MS = 250;

export interface WatchRegistry {
  /** registers a watch when its reader starts; false: the hub has stopped */
  add(w: SpendWatch): boolean;
  delete(w: SpendWatch): void;
}

export class SpendWatch {
  private readonly pending = new Set<string>();
  private wakeReader: (() => void) | null = null;
  private stopChannel: ((error?: unknown) => void) | null = null;
  /** undefined while open; then null (ended cleanly) or the error it ended with */
  private ending: Error | null | undefined = undefined;

  constructor(
    readonly filter: WatchFilter,
    /** the API key it runs under: revoking the key ends it */
    readonly owner: string | null,
    private readonly registry: WatchRegistry,
    private readonly intervalMs = WATCH_INTERVAL_MS,
  ) {}

  get open(): boolean {
    return this.ending === undefined;
  }

  /** brand ids whose figures moved (one notification's payload) */
  offer(brandIds: readonly string[]): void {
    if (!this.open) return;
    for (const id of brandIds) if (watches(this.filter, id)) this.pending.add(id);
    if (this.pending.size) this.wake();
  }

  end(error?: Error): void {
    if (!this.open) return;
    this.ending = error ?? null;
    this.pending.clear();
    this.registry.delete(this);
    this.stopChannel?.(error);
    this.wake();
  }

  /**
   * The reader's side: brand ids, each at most once per interval, until the watch ends. It is
   * registered with the hub when its reader starts, so a reader that never starts leaves nothing.
   */
  read(): AsyncIterableIterator<string> {
    return new Repeater<string>(async (push, stop) => {
      this.stopChannel = stop;
      void stop.then(() => this.end());
      if (this.open && !this.registry.add(this)) this.end();
      if (!this.open) stop(this.ending ?? undefined);
      while (this.open) {
        if (this.pending.size === 0) {
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
          continue;
        }
        const due = [...this.pending];
        this.pending.clear();
        for (const id of due) if (this.open) await push(id);
        await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
      }
    });
  }

  private wake(): void {
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
  }
}

/** One process's announcements: brand ids collected, sent at most once per interval. */
export class SpendSignal {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly intervalMs = WATCH_INTERVAL_MS,
  ) {}

  add(brandIds: Iterable<string>): void {
    for (const id of brandIds) this.pending.add(id);
    if (this.pending.size && !this.timer) this.timer = detached(() => setTimeout(() => void this.flush(), this.intervalMs));
  }

  /** Sends what is collected now (also at shutdown). A failure is logged: figures are re-read anyway. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ids = [...this.pending];
    this.pending = new Set();
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200).join(',');
      this.sending = this.sending
        .then(() => this.db.$executeRaw`select pg_notify(${SPENDS_CHANNEL}, ${chunk})`)
        .then(
          () => undefined,
          (error: unknown) => log.warn({ err: error, module: 'feed' }, 'could not announce moved spend figures'),
        );
    }
    return this.sending;
  }
}
