// One line per period of a brand's pacing (docs/pacing.md): "Pace 1.12 · projected 112.40 of
// 100.00 · OVER · at this rate: 15:42 Europe/Paris". Money stays the API's strings; the instant
// is shown on the brand's clock by the formatter given.
import type { PaceStatus } from './generated/graphql.ts';
import { shownZone } from './zone.ts';

export interface PeriodPace {
  budget?: string | null;
  projected: string;
  paceRatio?: number | null;
  status?: PaceStatus | null;
  budgetUsedUp: boolean;
  runsOutAt?: string | null;
}

const STATUS: Record<PaceStatus, string> = { UNDER: 'UNDER', ON_TRACK: 'ON TRACK', OVER: 'OVER' };

export function paceLine(p: PeriodPace, timezone: string, clock: Intl.DateTimeFormat): string {
  const parts = [
    ...(p.paceRatio == null ? [] : [`Pace ${p.paceRatio.toFixed(2)}`]),
    `projected ${p.projected}${p.budget == null ? '' : ` of ${p.budget}`}`,
    ...(p.status ? [STATUS[p.status]] : []),
    ...(p.budgetUsedUp ? ['budget used up'] : []),
    ...(p.runsOutAt ? [`at this rate: ${clock.format(new Date(p.runsOutAt))} ${shownZone(timezone)}`] : []),
  ];
  return parts.join(' · ');
}

/**
 * A period's pace in short, for the overview: "used up", "runs out ~17:40" (at this rate, on the
 * clock given), "under pace" or "on pace"; null without a budget. The same figures as paceLine.
 */
export function paceShort(p: PeriodPace, clock: Intl.DateTimeFormat): string | null {
  if (p.budget == null) return null;
  if (p.budgetUsedUp) return 'used up';
  if (p.runsOutAt) return `runs out ~${clock.format(new Date(p.runsOutAt))}`;
  return p.status === 'UNDER' ? 'under pace' : 'on pace';
}
