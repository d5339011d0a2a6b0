// A budget's use, as the overview and a brand's page show it: a bar coloured by band (green
// under 80 %, amber from 80 % or whenever the period is projected to run out before it ends, red
// at the budget), spent / budget and what is left (and, given one, the period's pace in short),
// or "no limit". The bar never says "fine" above a pacing line that says it will run out.
import { left, usage } from './money.ts';

export function Budget({
  spent,
  budget,
  label,
  currency,
  title,
  runsOutAt,
  pace,
}: {
  spent: string;
  budget: string | null;
  label: string;
  currency: string;
  title?: string;
  /** the period's pacing: the instant it runs out at this rate, if it does (PeriodPacing.runsOutAt) */
  runsOutAt?: string | null;
  /** the pace in short ("on pace", "runs out ~17:40"), shown after what is left */
  pace?: string | null;
}) {
  const { permille, level: used } = usage(spent, budget);
  const level = used === 'ok' && runsOutAt ? 'warn' : used;
  return (
    <div class={`budget ${level}`} data-level={level}>
      {title && <strong>{title}</strong>}
      {budget === null ? (
        <span>
          {spent} {currency} spent · <span class="nolimit">no limit</span>
        </span>
      ) : (
        <>
          {/* the meter's own colours: green up to `low` (above the optimum, 0), amber above it, red above `high`;
              `low` is 1 ‰ while the period is projected to run out */}
          <meter
            min={0}
            max={1000}
            low={level === 'warn' ? 1 : 800}
            high={999}
            optimum={0}
            value={Math.min(permille, 1000)}
            aria-label={label}
          />
          <span>
            {spent} / {budget} {currency} · {left(spent, budget, currency)}
            {pace && <span class="pace-short"> · {pace}</span>}
          </span>
        </>
      )}
    </div>
  );
}
