// What a bulk act on campaigns did, in one line that counts only the campaigns it changed
// ("2 campaigns paused; 1 was paused already"), never one that was already so: a brand's "5
// campaigns paused" does not count the two paused before.
import type { BulkOutcomeFragment } from '../generated/graphql.ts';
import { reason } from '../reasons.ts';

export type Act = 'pause' | 'resume' | 'archive';

/** "1 campaign", "2 campaigns" */
export const n = (count: number) => `${count} campaign${count === 1 ? '' : 's'}`;

/** What an act did, counting only what it changed: "2 campaigns paused; 1 was paused already." */
export function said(act: Act, o: BulkOutcomeFragment): string {
  const parts: string[] = [];
  if (act === 'archive') {
    parts.push(`${n(o.changed.length)} archived`);
    if (o.unchanged.length) parts.push(`${o.unchanged.length} ${o.unchanged.length === 1 ? 'was' : 'were'} archived already`);
  } else if (act === 'pause') {
    const paused = o.statusChanges.filter((c) => c.fromStatus === 'ACTIVE').length;
    const held = o.statusChanges.length - paused;
    parts.push(`${n(paused)} paused`);
    if (held) parts.push(`${n(held)} paused by a rule now held by hand`);
    if (o.unchanged.length) parts.push(`${o.unchanged.length} ${o.unchanged.length === 1 ? 'was' : 'were'} paused already`);
  } else {
    const resumed = o.statusChanges.filter((c) => c.toStatus === 'ACTIVE');
    parts.push(`${n(resumed.length)} resumed`);
    const still = new Map<string, number>();
    for (const c of o.statusChanges)
      if (c.toStatus === 'PAUSED') still.set(reason(c.toReason ?? null), (still.get(reason(c.toReason ?? null)) ?? 0) + 1);
    for (const [why, count] of still) parts.push(`${count} still paused (${why})`);
    if (o.unchanged.length) parts.push(`${o.unchanged.length} ${o.unchanged.length === 1 ? 'was' : 'were'} not paused by hand`);
  }
  return `${parts.join('; ')}.`;
}
