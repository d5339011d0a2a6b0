// "What changes next, and when" for one brand: the instants where time alone can change its
// campaigns (its next local midnight, its windows' next edges), each asked of previewEnforcement,
// the engine's own dry run. Wall-clock times are the brand's (its timezone).
import { gql, graphql } from './api.ts';

const Preview = graphql(`
  query Preview($at: DateTime!) {
    previewEnforcement(task: ALL, at: $at) {
      changes {
        brandId
        campaignName
        fromStatus
        toStatus
        toReason
      }
    }
  }
`);

export interface NextChange {
  at: Date;
  campaignName: string;
  fromStatus: string | null;
  toStatus: string;
  toReason: string | null;
}

/** The wall clock of `tz` at `instant`. */
function wall(tz: string, instant: number) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'long',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return { y: +parts.year!, m: +parts.month!, d: +parts.day!, h: +parts.hour!, min: +parts.minute!, weekday: parts.weekday!.toUpperCase() };
}

/** The instant at which `tz`'s wall clock reads y-m-d hh:mm (the later one across a DST change). */
function instantOf(tz: string, y: number, m: number, d: number, hh: number, mm: number): number {
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  let at = naive;
  for (let i = 0; i < 2; i++) {
    const w = wall(tz, at);
    at -= Date.UTC(w.y, w.m - 1, w.d, w.h, w.min) - naive;
  }
  return at;
}

/** Candidate instants in the next 24 hours: local midnight, and every active window's start and end. */
export function edges(tz: string, windows: { dayOfWeek: string; startTime: string; endTime: string }[], now = Date.now()): number[] {
  const out = new Set<number>();
  for (let day = 0; day <= 1; day++) {
    const today = wall(tz, now + day * 86_400_000);
    out.add(instantOf(tz, today.y, today.m, today.d + 1, 0, 0));
    const weekday = wall(tz, instantOf(tz, today.y, today.m, today.d, 12, 0)).weekday;
    for (const w of windows.filter((x) => x.dayOfWeek === weekday)) {
      for (const [time, next] of [
        [w.startTime, 0],
        [w.endTime, w.endTime <= w.startTime ? 1 : 0],
      ] as const) {
        const [hh, mm] = time.split(':').map(Number);
        out.add(instantOf(tz, today.y, today.m, today.d + next, hh!, mm!));
      }
    }
  }
  return [...out]
    .filter((t) => t > now && t <= now + 86_400_000)
    .sort((a, b) => a - b)
    .slice(0, 8);
}

/** Each campaign's first change in the next 24 hours, by the engine's preview at each edge. */
export async function nextChanges(
  brandId: string,
  tz: string,
  windows: { dayOfWeek: string; startTime: string; endTime: string }[],
): Promise<NextChange[]> {
  const instants = edges(tz, windows);
  if (instants.length === 0) return [];
  // one preview per instant, side by side; a second after each edge, so the edge has passed
  const previews = await Promise.all(instants.map((t) => gql(Preview, { at: new Date(t + 1_000).toISOString() })));
  const first = new Map<string, NextChange>();
  instants.forEach((t, i) => {
    for (const c of previews[i]!.previewEnforcement.changes) {
      if (c.brandId === brandId && !first.has(c.campaignName))
        first.set(c.campaignName, {
          at: new Date(t),
          campaignName: c.campaignName,
          fromStatus: c.fromStatus ?? null,
          toStatus: c.toStatus,
          toReason: c.toReason ?? null,
        });
    }
  });
  return [...first.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}
