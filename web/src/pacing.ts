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
