// The API's pause reasons as people say them, wherever the dashboard shows one.
const REASONS: Record<string, string> = {
  MANUAL: 'manual',
  MONTHLY_BUDGET: 'monthly budget',
  DAILY_BUDGET: 'daily budget',
  DAYPARTING: 'dayparting',
};

/** A pause reason as people say it ("daily budget"). */
export const reason = (r: string | null) => (r ? (REASONS[r] ?? r.toLowerCase()) : '');
