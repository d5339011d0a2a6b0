// Ad accounts and platform states as people say them, wherever the dashboard shows one: the
// platforms' names, Google's customer id with its dashes, what a sync or an import did in one line
// ("Synced: read 2 dates, 1 entry written, 0 drift, 2 paused on the platform"), "3 min ago", a campaign's
// badge ("Google Ads: PAUSED (by us)", "Meta: ENABLED — will pause"), and what each drift policy does.
// The figures are the service's answers (syncAdAccount, importAdCampaigns, Campaign.platformState).
import type { AdPlatform, DriftPolicy, PlatformCampaignStatus } from './generated/graphql.ts';

export const PLATFORMS: Record<AdPlatform, string> = { GOOGLE_ADS: 'Google Ads', META: 'Meta' };

/** What each policy does to a campaign we hold paused that someone enables on its platform. */
export const DRIFT_POLICIES: Record<DriftPolicy, { label: string; does: string }> = {
  REPAUSE: {
    label: 'Pause it again',
    does: 'the next sync pauses it on the platform again; an event and an alert say who enabled it',
  },
  REPORT: {
    label: 'Report only',
    does: 'it is left running on the platform until our decision about it changes; an event and an alert say so',
  },
};

/** Google's customer id as its UI shows it (123-456-7890); Meta's act_… as it is. */
export function shownAccountId(platform: AdPlatform, externalAccountId: string): string {
  const m = platform === 'GOOGLE_ADS' ? /^(\d{3})(\d{3})(\d{4})$/.exec(externalAccountId) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : externalAccountId;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface SyncAnswer {
  error?: string | null;
  pull?: { dates: string[]; entries: number } | null;
  drift?: { found: number; repaused: number; reported: number } | null;
  push?: { paused: number; resumed: number; failed: number; retryAt?: string | null } | null;
}

/**
 * "Synced: read 2 dates, 1 entry written, 0 drift, 2 paused on the platform"; "Sync stopped after
 * read 2 dates, 0 entries written: …" when it failed part-way, "Sync failed: …" when it did nothing.
 * `clock` shows the instant a rate limit asked to wait until.
 */
export function syncLine(r: SyncAnswer, clock: Intl.DateTimeFormat): string {
  const parts: string[] = [];
  if (r.pull) parts.push(`read ${plural(r.pull.dates.length, 'date')}`, `${plural(r.pull.entries, 'entry', 'entries')} written`);
  if (r.drift) {
    const d = r.drift;
    const what = [d.repaused ? `${d.repaused} paused again` : '', d.reported ? `${d.reported} reported` : ''].filter(Boolean);
    parts.push(`${d.found} drift${what.length ? ` (${what.join(', ')})` : ''}`);
  }
  if (r.push) {
    const p = r.push;
    parts.push(`${p.paused} paused on the platform`);
    if (p.resumed) parts.push(`${p.resumed} resumed`);
    if (p.failed) parts.push(`${p.failed} failed`);
    if (p.retryAt) parts.push(`the rest at ${clock.format(new Date(p.retryAt))} (the platform asked to wait)`);
  }
  if (!r.error) return `Synced: ${parts.join(', ')}`;
  return parts.length ? `Sync stopped after ${parts.join(', ')}: ${r.error}` : `Sync failed: ${r.error}`;
}

/** "Imported: 3 linked, 2 created" (", 1 skipped" when some were: removed on the platform, or another account's). */
export function importLine(r: { linked: number; created: number; skipped: number }): string {
  return `Imported: ${r.linked} linked, ${r.created} created${r.skipped ? `, ${r.skipped} skipped (removed, or another account’s)` : ''}`;
}

/** "just now", "3 min ago", "2 h ago", "4 days ago". */
export function ago(at: string, now = Date.now()): string {
  const minutes = Math.floor((now - Date.parse(at)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return `${Math.floor(minutes / 1440)} days ago`;
}

export interface PlatformStateTerms {
  desired?: PlatformCampaignStatus | null;
  actual?: PlatformCampaignStatus | null;
  pausedByUs: boolean;
  lastError?: string | null;
}

/** Our decision has not reached the platform yet (and no error says why). */
export const pending = (s: PlatformStateTerms) => Boolean(s.desired && s.desired !== s.actual && s.actual !== 'REMOVED' && !s.lastError);

/**
 * A linked campaign's badge: "Google Ads: PAUSED (by us)", "Meta: ENABLED — will pause", "Meta:
 * PAUSED (not by us)" (active here, paused there by someone: left as it is), and its tone.
 */
export function platformBadge(platform: AdPlatform, s: PlatformStateTerms): { text: string; tone: 'on' | 'off' | 'pending' | 'failed' } {
  const name = PLATFORMS[platform];
  if (!s.actual) return { text: `${name}: not read yet${s.desired ? ` — will ${verb(s.desired)}` : ''}`, tone: 'pending' };
  const who = s.actual === 'PAUSED' ? (s.pausedByUs ? ' (by us)' : s.desired === 'PAUSED' ? '' : ' (not by us)') : '';
  const will = s.desired && s.desired !== s.actual && s.actual !== 'REMOVED' ? ` — will ${verb(s.desired)}` : '';
  const tone = s.lastError ? 'failed' : will ? 'pending' : s.actual === 'ENABLED' ? 'on' : 'off';
  return { text: `${name}: ${s.actual}${who}${will}`, tone };
}

const verb = (desired: PlatformCampaignStatus) => (desired === 'PAUSED' ? 'pause' : 'enable');
