// "What changes next" on a brand's page, as people say it. The service answers it per campaign
// (Campaign.nextChange: the reconcile engine dry-run at each boundary ahead, windows that started
// the day before included; src/reads/outlook.ts): this only orders the answers and words them on
// the brand's wall clock.
import type { CampaignStatus, NextChangeReason, PauseReason } from '../generated/graphql.ts';
import { reason } from '../reasons.ts';
import { shownZone, zoneFormat } from '../zone.ts';

export interface NextChange {
  at: string;
  reason: NextChangeReason;
  toStatus: CampaignStatus;
  toReason?: PauseReason | null;
}

export interface Upcoming {
  campaignName: string;
  /** its status now */
  status: CampaignStatus;
  change: NextChange;
}

const WHY: Record<NextChangeReason, string> = {
  WINDOW_OPENS: 'a window opens',
  WINDOW_CLOSES: 'its window closes',
  NEW_DAY: 'a new day',
  NEW_MONTH: 'a new month',
  PENDING: 'due now: the next scheduled run applies it',
  OVERRIDE_ENDS: 'its override ends',
};

/** The campaigns that change on their own, soonest first (then by name). */
export function upcoming(campaigns: { name: string; status: CampaignStatus; nextChange?: NextChange | null }[]): Upcoming[] {
  return campaigns
    .flatMap((c) => (c.nextChange ? [{ campaignName: c.name, status: c.status, change: c.nextChange }] : []))
    .sort((a, b) => Date.parse(a.change.at) - Date.parse(b.change.at) || a.campaignName.localeCompare(b.campaignName));
}

const SIX_DAYS = 6 * 86_400_000;

/** "Sun 02:00" on the brand's clock; with the date ("Sun 13 Dec, 02:00") six days ahead or more, where a weekday alone could mean two days. */
export function clock(at: string, timeZone: string, now = Date.now()): string {
  const far = Date.parse(at) - now >= SIX_DAYS;
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (far) Object.assign(options, { day: 'numeric', month: 'short' });
  return zoneFormat(timeZone, options, 'en-GB').format(new Date(at));
}

/** "pauses for dayparting at Sun 02:00 Europe/Paris (its window closes)", after the campaign's name. */
export function describe(u: Upcoming, timeZone: string, now = Date.now()): string {
  const { change } = u;
  const what =
    change.toStatus === 'ACTIVE'
      ? 'resumes'
      : `${u.status === 'PAUSED' ? 'stays paused, now for' : 'pauses for'} ${reason(change.toReason ?? null)}`;
  if (change.reason === 'PENDING') return `${what} now (${WHY.PENDING})`;
  return `${what} at ${clock(change.at, timeZone, now)} ${shownZone(timeZone)} (${WHY[change.reason]})`;
}
