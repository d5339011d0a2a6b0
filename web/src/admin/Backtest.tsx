// The backtest page: a brand, a range of its days (its own zone, the last 30 by default, at most 93)
// and a proposed policy (budgets, prefilled with the brand's; windows per campaign, WeekEditor.tsx
// in its proposing mode), replayed over what was recorded (the `backtest` query: it writes
// nothing), run by the button under the windows. It shows the changes the policy would have made and the spend inside paused time
// next to what really happened, per campaign and for the brand, as the service words the money.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, gql, graphql } from '../api.ts';
import { Field, FormError, useSubmit } from '../Form.tsx';
import type { BacktestRunQuery, BacktestCampaignsQuery } from '../generated/graphql.ts';
import { reason } from '../reasons.ts';
import { WeekEditor, type Window } from '../WeekEditor.tsx';
import { wallToInstant, zoneFormat, zoneName } from '../zone.ts';
import { pickBrands, type PickBrand } from './brands.ts';

const BacktestCampaigns = graphql(`
  query BacktestCampaigns($id: ID!) {
    brand(id: $id) {
      campaigns(first: 500) {
        edges {
          node {
            id
            name
            schedules {
              dayOfWeek
              startTime
              endTime
              isActive
            }
          }
        }
      }
    }
  }
`);

const BacktestRun = graphql(`
  query BacktestRun($brandId: ID!, $from: DateTime!, $to: DateTime!, $daily: Money, $monthly: Money, $windows: [ProposedWindows!]) {
    backtest(brandId: $brandId, from: $from, to: $to, dailyBudget: $daily, monthlyBudget: $monthly, windows: $windows) {
      paused
      resumed
      recordedChanges
      spendWhilePaused
      recordedSpendWhilePaused
      changes {
        at
        campaignName
        fromStatus
        fromReason
        toStatus
        toReason
        trigger
      }
      campaigns {
        campaignId
        campaignName
        spendWhilePaused
        recordedSpendWhilePaused
      }
    }
  }
`);

type Campaign = NonNullable<BacktestCampaignsQuery['brand']>['campaigns']['edges'][number]['node'];
type Result = NonNullable<BacktestRunQuery['backtest']>;

const DAY = 86_400_000;
const FIELDS = ['brandId', 'from', 'to', 'dailyBudget', 'monthlyBudget'];

/** "2026-12-06" plus `days` */
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** today's date on the zone's clock */
const today = (timezone: string) => zoneFormat(timezone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA').format(new Date());
/** Why a change came, as people say it. */
const WHY: Record<string, string> = {
  SPEND: 'a spend',
  MANUAL: 'an operator',
  CREATE: 'created',
  RECONCILE: 'the policy applied',
  RESET_DAILY: 'a new day',
  RESET_MONTHLY: 'a new month',
  ENFORCE_DAYPARTING: 'a window’s edge',
  ENFORCE_BUDGETS: 'the budget check',
  OVERRIDE: 'an override started or cancelled',
  OVERRIDE_END: 'an override ended',
};
const why = (trigger: string) => WHY[trigger] ?? trigger.toLowerCase().replace(/_/g, ' ');
const state = (status: string | null, why: string | null) =>
  status ? `${status.toLowerCase()}${why ? ` (${reason(why)})` : ''}` : 'created';

/** What a refusal means to the person who asked. */
function explain(e: ApiError): ApiError {
  if (e.code === 'COST_LIMIT' || e.code === 'TIMEOUT') {
    return new ApiError(
      `This backtest is too big to run at once (${e.code}): shorten the range or propose fewer windows. The service said: ${e.message}`,
      e.code,
      e.field,
    );
  }
  return e;
}

export function Backtest() {
  const [brands, setBrands] = useState<PickBrand[]>([]);
  const [brandId, setBrandId] = useState('');
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [range, setRange] = useState({ from: '', to: '' });
  const [budgets, setBudgets] = useState({ daily: '', monthly: '' });
  const [proposed, setProposed] = useState<Record<string, Window[]>>({});
  const [editing, setEditing] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const { error, setError, submit, pending } = useSubmit();
  const brand = brands.find((b) => b.id === brandId);
  /** counts the brands picked: an answer for a brand no longer picked is dropped */
  const latest = useRef(0);

  useEffect(() => {
    pickBrands().then(
      (list) => (setBrands(list), list[0] && setBrandId(list[0].id)),
      (e: ApiError) => setError(e),
    );
  }, []);
  // a brand picked: its policy prefilled, the last 30 of its days, its campaigns
  useEffect(() => {
    if (!brand) return;
    const last = today(brand.timezone);
    setRange({ from: addDays(last, -29), to: last });
    setBudgets({ daily: brand.dailyBudget ?? '', monthly: brand.monthlyBudget ?? '' });
    setProposed({});
    setResult(null);
    setError(null);
    setCampaigns([]);
    const mine = ++latest.current;
    gql(BacktestCampaigns, { id: brand.id }).then(
      (data) => {
        if (mine !== latest.current) return;
        const list = data.brand?.campaigns.edges.map((e) => e.node) ?? [];
        setCampaigns(list);
        setEditing(list[0]?.id ?? '');
      },
      (e: ApiError) => mine === latest.current && setError(e),
    );
  }, [brandId, brands]);

  const run = submit(async () => {
    if (!brand) return;
    const midnight = (date: string, field: string) => {
      const at = /^\d{4}-\d\d-\d\d$/.test(date) ? wallToInstant(`${date}T00:00`, brand.timezone) : null;
      if (!at) throw new ApiError(`${field} must be a date`, 'INVALID_ARGUMENT', field);
      return at.toISOString();
    };
    const from = midnight(range.from, 'from');
    const to = /^\d{4}-\d\d-\d\d$/.test(range.to) ? midnight(addDays(range.to, 1), 'to') : midnight('', 'to');
    setResult(null);
    const mine = latest.current;
    const data = await gql(BacktestRun, {
      brandId: brand.id,
      from,
      to,
      daily: budgets.daily.trim() || null,
      monthly: budgets.monthly.trim() || null,
      windows: Object.entries(proposed).map(([campaignId, windows]) => ({ campaignId, windows })),
    }).catch((e: ApiError) => (mine === latest.current ? Promise.reject(explain(e)) : null));
    if (mine !== latest.current || !data) return;
    if (!data.backtest) throw new ApiError('no such brand (or not one this key sees)', 'NOT_FOUND', 'brandId');
    setResult(data.backtest);
  });

  const when = brand && zoneFormat(brand.timezone, { dateStyle: 'medium', timeStyle: 'short' }, 'en-GB');
  const editingCampaign = campaigns.find((c) => c.id === editing);
  const windowsError = error?.field?.startsWith('windows') ? error : null;

  return (
    <main class="admin backtest-page">
      <h2>Backtest</h2>
      <p class="hint">Replays the recorded spend of a range against a proposed policy. It changes nothing.</p>
      <form id="backtest" class="backtest" aria-label="Backtest" onSubmit={run} noValidate>
        <Field
          form="backtest"
          name="brandId"
          label="Brand"
          error={error}
          input={(p) => (
            <select {...p} value={brandId} onChange={(e) => setBrandId(e.currentTarget.value)}>
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          form="backtest"
          name="from"
          label="From (first day)"
          error={error}
          hint={brand ? `${zoneName(brand.timezone)} days` : undefined}
          input={(p) => (
            <input {...p} type="date" value={range.from} onInput={(e) => setRange({ ...range, from: e.currentTarget.value })} />
          )}
        />
        <Field
          form="backtest"
          name="to"
          label="To (last day, included)"
          error={error}
          hint="at most 93 days"
          input={(p) => <input {...p} type="date" value={range.to} onInput={(e) => setRange({ ...range, to: e.currentTarget.value })} />}
        />
        <Field
          form="backtest"
          name="dailyBudget"
          label="Daily budget"
          error={error}
          hint={`${brand?.currency ?? ''}; empty: no limit`}
          input={(p) => (
            <input
              {...p}
              inputMode="decimal"
              value={budgets.daily}
              onInput={(e) => setBudgets({ ...budgets, daily: e.currentTarget.value })}
            />
          )}
        />
        <Field
          form="backtest"
          name="monthlyBudget"
          label="Monthly budget"
          error={error}
          hint={`${brand?.currency ?? ''}; empty: no limit`}
          input={(p) => (
            <input
              {...p}
              inputMode="decimal"
              value={budgets.monthly}
              onInput={(e) => setBudgets({ ...budgets, monthly: e.currentTarget.value })}
            />
          )}
        />
      </form>

      {brand && campaigns.length > 0 && (
        <section aria-labelledby="proposed-windows">
          <h3 id="proposed-windows">Proposed windows</h3>
          <p class="hint">
            {Object.keys(proposed).length === 0
              ? 'Each campaign keeps its own windows unless you edit them here and press Propose windows.'
              : `Proposed for: ${campaigns
                  .filter((c) => proposed[c.id])
                  .map((c) => c.name)
                  .join(', ')}.`}
          </p>
          {windowsError && (
            <p class="error" role="alert">
              {windowsError.message} ({windowsError.field})
            </p>
          )}
          <label>
            Campaign{' '}
            <select value={editing} onChange={(e) => setEditing(e.currentTarget.value)}>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          {editingCampaign && (
            <WeekEditor
              key={editingCampaign.id}
              campaign={{ ...editingCampaign, schedules: proposed[editingCampaign.id] ?? editingCampaign.schedules }}
              timezone={brand.timezone}
              writes
              onSaved={() => undefined}
              propose={(windows) => setProposed({ ...proposed, [editingCampaign.id]: windows })}
            />
          )}
        </section>
      )}

      <FormError error={error} fields={[...FIELDS, ...(windowsError ? [windowsError.field!] : [])]} />
      <div class="actions">
        <button type="submit" form="backtest" disabled={!brand || pending}>
          {pending ? 'Running…' : 'Run backtest'}
        </button>
      </div>

      {result && when && brand && (
        <section class="backtest-result" aria-labelledby="backtest-result">
          <h3 id="backtest-result">What this policy would have done</h3>
          <p role="status">
            {result.paused} pause{result.paused === 1 ? '' : 's'} and {result.resumed} resume{result.resumed === 1 ? '' : 's'} (
            {result.recordedChanges} change{result.recordedChanges === 1 ? ' was' : 's were'} recorded in the range).
          </p>
          <table class="spend-paused">
            <caption>Spend inside paused time ({brand.currency})</caption>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col" class="num">
                  Under this policy
                </th>
                <th scope="col" class="num">
                  As it happened
                </th>
              </tr>
            </thead>
            <tbody>
              {result.campaigns.map((c) => (
                <tr key={c.campaignId} data-campaign={c.campaignName}>
                  <th scope="row">{c.campaignName}</th>
                  <td class="num">{c.spendWhilePaused}</td>
                  <td class="num">{c.recordedSpendWhilePaused}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-campaign="">
                <th scope="row">{brand.name} (brand)</th>
                <td class="num">{result.spendWhilePaused}</td>
                <td class="num">{result.recordedSpendWhilePaused}</td>
              </tr>
            </tfoot>
          </table>
          {result.changes.length === 0 ? (
            <p class="hint">It would have changed nothing.</p>
          ) : (
            <div class="scroll" tabIndex={0} role="region" aria-label="Changes it would have made">
              <table class="backtest-changes">
                <caption>Changes it would have made ({zoneName(brand.timezone)} time)</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Campaign</th>
                    <th scope="col">From → to</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {result.changes.map((c, i) => (
                    <tr key={i}>
                      <td>
                        <time dateTime={c.at}>{when.format(new Date(c.at))}</time>
                      </td>
                      <td>{c.campaignName}</td>
                      <td>
                        {state(c.fromStatus, c.fromReason)} → {state(c.toStatus, c.toReason)}
                      </td>
                      <td>{why(c.trigger)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </main>
  );
}
