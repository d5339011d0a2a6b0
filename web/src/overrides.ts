// Emergency overrides as people say them, wherever the dashboard shows one: "until 18:00
// Europe/Paris — launch day, by alice", on the brand's wall clock. Which rules hold and which an
// override lifts is the service's answer (Campaign.liftedReasons); this only words it.
import type { PauseReason } from './generated/graphql.ts';
import { reason } from './reasons.ts';
import { shownZone, zoneFormat } from './zone.ts';

export interface OverrideTerms {
  until: string;
  reason: string;
  createdBy: string;
  lifts: PauseReason[];
}

/** "until 18:00 Europe/Paris — launch day, by alice"; the day too ("until Thu 3 Dec 18:00 …") when it is not today on the brand's clock. */
export function terms(o: OverrideTerms, timeZone: string, now = Date.now()): string {
  const day = (at: number) => zoneFormat(timeZone, { dateStyle: 'short' }, 'en-GB').format(new Date(at));
  const until = Date.parse(o.until);
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (day(until) !== day(now)) Object.assign(options, { weekday: 'short', day: 'numeric', month: 'short' });
  const when = zoneFormat(timeZone, options, 'en-GB').format(new Date(until));
  return `until ${when} ${shownZone(timeZone)} — ${o.reason}, by ${o.createdBy}`;
}

/** "daily budget and dayparting" */
export function liftsOf(lifts: readonly PauseReason[]): string {
  const names = lifts.map(reason);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/** The overrides that lift a rule holding now: the ones a campaign runs on. */
export function runningOn<O extends OverrideTerms>(overrides: readonly O[], lifted: readonly PauseReason[]): O[] {
  return overrides.filter((o) => o.lifts.some((r) => lifted.includes(r)));
}
