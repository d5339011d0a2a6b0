// A budget's use, as the overview and a brand's page show it: a bar coloured by band (green
// under 80 %, amber from 80 %, red at the budget), spent / budget and what is left, or "no limit".
import { left, usage } from './money.ts';

export function Budget({
  spent,
  budget,
  label,
  currency,
  title,
}: {
  spent: string;
  budget: string | null;
  label: string;
  currency: string;
  title?: string;
}) {
  const { permille, level } = usage(spent, budget);
  return (
    <div class={`budget ${level}`} data-level={level}>
      {title && <strong>{title}</strong>}
      {budget === null ? (
        <span>
          {spent} {currency} spent · <span class="nolimit">no limit</span>
        </span>
      ) : (
        <>
          <meter min={0} max={1000} low={800} high={999} optimum={0} value={Math.min(permille, 1000)} aria-label={label} />
          <span>
            {spent} / {budget} {currency} · {left(spent, budget, currency)}
          </span>
        </>
      )}
    </div>
  );
}
