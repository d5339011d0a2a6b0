// The week as the dashboard draws it: days Monday first, and where a window shows on them. A window
// covers [start, end) of the brand's wall clock on its day; one that ends at or before its start
// runs past midnight into the next day (Sunday's into Monday), as the engine reads it.
export const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

/** "22:30" (or "22:30:00") as minutes after midnight */
export const minutes = (time: string): number => {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Where a window shows: [start minute, end minute) of a day (0 = Monday); an overnight one in two pieces. */
export function pieces(w: {
  dayOfWeek: string;
  startTime: string;
  endTime: string;
}): { day: number; from: number; to: number; tail: boolean }[] {
  const day = DAYS.indexOf(w.dayOfWeek as (typeof DAYS)[number]);
  const from = minutes(w.startTime);
  const to = minutes(w.endTime);
  if (to > from) return [{ day, from, to, tail: false }];
  return [{ day, from, to: 1440, tail: false }, ...(to > 0 ? [{ day: (day + 1) % 7, from: 0, to, tail: true }] : [])];
}
