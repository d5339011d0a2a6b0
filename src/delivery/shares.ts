// Fairness between tenants: a brand's destinations have at most a share of the worker's delivery
// slots in flight at once, in a process. Each destination already has at most one attempt in
// flight (its queue, src/domain/jobs.ts); the share bounds what many destinations of one brand that
// hang or crawl can hold, so they cost their own brand's deliveries, never another brand's. A
// delivery that finds its brand's share in use gives its slot back and tries again a little later
// (src/delivery/outbox.ts).

/**
 * Attempts in flight per brand, in this process: `take` answers a release, or null when the brand
 * has its share out. Destinations for every brand (brand_id null) share one.
 */
export interface BrandShares {
  take(brandId: string | null): (() => void) | null;
}

/**
 * A brand's share: a quarter of the worker's delivery slots, at least one. It takes four brands
 * whose destinations all hang at once to fill them; one such brand leaves three quarters to the others.
 */
export function brandShare(deliveryConcurrency: number): number {
  return Math.max(1, Math.floor(deliveryConcurrency / 4));
}

export function brandShares(share: number): BrandShares {
  const inFlight = new Map<string | null, number>();
  return {
    take(brandId) {
      const n = inFlight.get(brandId) ?? 0;
      if (n >= share) return null;
      inFlight.set(brandId, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = inFlight.get(brandId)! - 1;
        if (left) inFlight.set(brandId, left);
        else inFlight.delete(brandId);
      };
    },
  };
}
