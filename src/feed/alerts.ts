// The alert feed (budgetAlert): budget_alerts rows, read by id. Their writers commit them in id
// order (check_budget_alerts takes the feed's advisory lock before drawing ids), so "id > last"
// never skips one, and afterAlertId replays with no gap and no duplicate.
//
// Alerts are rare (a few per brand and day): when some commit, the hub reads their brands once and
// wakes the subscriptions that see one of them (and all of them after its listening connection was
// lost), and each reads its own rows from the table: nothing is held in memory between reads.
import { Repeater } from 'graphql-yoga';
import type { BudgetAlert } from '../db/generated/prisma/client.ts';
import type { Db } from '../db/index.ts';
import { newestId } from '../db/signals.ts';
import type { AlertFilter } from '../domain/feedFilter.ts';

const PAGE = 500;

export interface AlertRegistry {
  /** false: the hub has stopped */
  add(s: AlertSubscription): boolean;
  delete(s: AlertSubscription): void;
  /** registered and caught up: every alert committed from now on reaches it */
  live?(s: AlertSubscription): void;
}

export class AlertSubscription {
  /** counts the hub's wake-ups, so one that comes during a read is not slept through */
  private generation = 0;
  private wakeReader: (() => void) | null = null;
  private stopChannel: ((error?: unknown) => void) | null = null;
  /** undefined while open; then null (ended cleanly) or the error it ended with */
  private ending: Error | null | undefined = undefined;
  /** alerts up to this id are not for this subscription: the table's end when it was made, or afterAlertId */
  private readonly floor: Promise<bigint>;

  constructor(
    readonly filter: AlertFilter,
    /** the API key it runs under: revoking the key ends it */
    readonly owner: string | null,
    private readonly db: Db,
    private readonly registry: AlertRegistry,
  ) {
    this.floor = filter.afterAlertId !== undefined ? Promise.resolve(filter.afterAlertId) : newestAlert(db);
    this.floor.catch(() => undefined);
  }

  get open(): boolean {
    return this.ending === undefined;
  }

  /** Some alerts committed (or the hub reconnected): read what is new. */
  wake(): void {
    this.generation++;
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
  }

  end(error?: Error): void {
    if (!this.open) return;
    this.ending = error ?? null;
    this.registry.delete(this);
    this.stopChannel?.(error);
    this.wake();
  }

  read(): AsyncIterableIterator<BudgetAlert> {
    return new Repeater<BudgetAlert>(async (push, stop) => {
      this.stopChannel = stop;
      void stop.then(() => this.end());
      if (this.open && !this.registry.add(this)) this.end();
      if (!this.open) stop(this.ending ?? undefined);
      let cursor = await this.floor;
      let live = false;
      while (this.open) {
        const seen = this.generation;
        const rows = await this.db.budgetAlert.findMany({
          where: {
            AND: [
              { id: { gt: cursor } },
              this.filter.brandIds === null ? {} : { brandId: { in: [...this.filter.brandIds] } },
              this.filter.brandId === undefined ? {} : { brandId: this.filter.brandId },
            ],
          },
          orderBy: { id: 'asc' },
          take: PAGE,
        });
        for (const alert of rows) {
          if (!this.open) break;
          await push(alert);
          cursor = alert.id;
        }
        if (!live && rows.length < PAGE && this.open) {
          live = true;
          this.registry.live?.(this); // its backlog handed over; every alert committed from now on reaches it
        }
        if (rows.length < PAGE && seen === this.generation && this.open) {
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
        }
      }
    });
  }
}

/** The largest alert id committed (0 when none). */
export function newestAlert(db: Db): Promise<bigint> {
  return newestId(db, 'budget_alerts');
}
