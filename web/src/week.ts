// The week as the dashboard draws it: days Monday first, and where a window shows on them. The
// rule (the engine's): a window on dayOfWeek from start to end covers [start, end) of the brand's
// wall clock; one whose end is at or before its start runs into the next day (Sunday's into
// Monday), and start = end covers 24 hours. `span` is that rule, the one copy of it in web/src.
export const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

export interface WindowTimes {
  dayOfWeek: string;
  startTime: string;
  endTime: string;
}

/** "22:30" (or "22:30:00") as minutes after midnight */
export const minutes = (time: string): number => {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * What a window covers: its day (0 = Monday) and [from, to) in minutes from that day's midnight;
 * `to` passes 1440 when it runs into the next day (at most 2880: start = end is 24 hours).
 */
export function span(w: WindowTimes): { day: number; from: number; to: number } {
  const day = DAYS.indexOf(w.dayOfWeek as (typeof DAYS)[number]);
  const from = minutes(w.startTime);
  const end = minutes(w.endTime);
  return { day, from, to: end > from ? end : end + 1440 };
}

/** Whether it ends on the next day (at its midnight or later): end ≤ start. */
export const endsNextDay = (w: WindowTimes): boolean => span(w).to >= 1440;

/** Where a window shows: [start minute, end minute) of a day (0 = Monday); one past midnight in two pieces. */
export function pieces(w: WindowTimes): { day: number; from: number; to: number; tail: boolean }[] {
  const { day, from, to } = span(w);
  if (to <= 1440) return [{ day, from, to, tail: false }];
  return [
    { day, from, to: 1440, tail: false },
    { day: (day + 1) % 7, from: 0, to: to - 1440, tail: true },
  ];
}
