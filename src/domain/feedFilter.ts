// What one subscriber of the status feed (or of moving spend figures) sees. Its key's brands and
// the brand it asks for INTERSECT: asking for a brand outside the key's yields no events (it reads as unknown) and
// never widens what the key sees. The feed's backlog query spells the same rule in SQL.

export interface FeedFilter {
  /** the brands the subscriber's key may see; null = every brand */
  readonly brandIds: readonly string[] | null;
  readonly brandId?: string;
  readonly campaignId?: string;
  /** replay every matching event with a larger id first */
  readonly afterEventId?: bigint;
}

export function sees(filter: FeedFilter, event: { brandId: string; campaignId: string | null }): boolean {
  return (
    (filter.brandIds === null || filter.brandIds.includes(event.brandId)) &&
    (filter.brandId === undefined || event.brandId === filter.brandId) &&
    (filter.campaignId === undefined || event.campaignId === filter.campaignId)
  );
}

/** What one watch of moving spend figures sees (brandSpendChanged): the same intersection. */
export interface WatchFilter {
  /** the brands the watcher's key may see; null = every brand */
  readonly brandIds: readonly string[] | null;
  readonly brandId?: string;
}

export function watches(filter: WatchFilter, brandId: string): boolean {
  return (filter.brandIds === null || filter.brandIds.includes(brandId)) && (filter.brandId === undefined || brandId === filter.brandId);
}

/** What one subscriber of budget alerts (budgetAlert) or platform events (platformEvents) sees: the same intersection. */
export interface AlertFilter extends WatchFilter {
  /** replay every matching row with a larger id first (afterAlertId, afterEventId) */
  readonly afterId?: bigint;
}
