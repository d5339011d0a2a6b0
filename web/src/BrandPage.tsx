// One brand: its budgets, its campaigns (pause, resume, archive for keys that may write), their
// dayparting windows, its spends filtered by campaign and dates, and a form to record a spend or
// a correction. Every error shows next to the field it names (extensions.field). Times are the
// brand's own (its timezone).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, gql, type Me } from './api.ts';
import type { StatusEvent } from './live.ts';
import { Budget, reason } from './Budget.tsx';
import { cents, formatMoney } from './money.ts';
import { DAYS, nextChanges, type NextChange } from './nextChanges.ts';

interface Campaign {
  id: string;
  name: string;
  status: 'ACTIVE' | 'PAUSED';
  pauseReason: string | null;
  archivedAt: string | null;
  dailySpend: string;
  schedules: { dayOfWeek: string; startTime: string; endTime: string; isActive: boolean }[];
}
interface Brand {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  dailyBudget: string | null;
  dailySpend: string;
  monthlyBudget: string | null;
  monthlySpend: string;
  campaigns: { edges: { node: Campaign }[] };
}
interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  occurredAt: string;
}
interface Spend {
  id: string;
  amount: string;
  occurredAt: string;
  spendDate: string;
  description: string;
  source: string;
  campaign: { name: string };
}

const BRAND = `query ($id: ID!) { brand(id: $id) {
  id name currency timezone dailyBudget dailySpend monthlyBudget monthlySpend
  campaigns(first: 100, includeArchived: true) { edges { node {
    id name status pauseReason archivedAt dailySpend schedules { dayOfWeek startTime endTime isActive } } } }
} }`;



export function BrandPage({ id, me, lastEvent }: { id: string; me: Me; lastEvent: StatusEvent | null }) {
  const [brand, setBrand] = useState<Brand | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState({ campaignId: '', from: '', to: '' });
  const [spends, setSpends] = useState<Spend[]>([]);
  const [spendError, setSpendError] = useState<ApiError | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [upcoming, setUpcoming] = useState<NextChange[] | null>(null);
  const writes = me.role === 'admin' || me.role === 'operator';

  const load = async () => {
    try {
      const loaded = (await gql<{ brand: Brand | null }>(BRAND, { id })).brand;
      setBrand(loaded);
      if (loaded) {
        const windows = loaded.campaigns.edges.flatMap((e) => e.node.schedules.filter((w) => w.isActive));
        nextChanges(loaded.id, loaded.timezone, windows).then(setUpcoming, () => setUpcoming([]));
      }
      const trail = await gql<{ auditEntries: { edges: { node: AuditEntry }[] } }>(
        `query ($b: ID) { auditEntries(brandId: $b, last: 20) { edges { node { id actor action targetType targetId occurredAt } } } }`,
        { b: id },
      );
      setAudit(trail.auditEntries.edges.map((e) => e.node).reverse());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const loadSpends = async () => {
    try {
      const data = await gql<{ spends: { edges: { node: Spend }[] } }>(
        `query ($b: ID, $c: ID, $from: Date, $to: Date) { spends(brandId: $b, campaignId: $c, from: $from, to: $to, first: 50) {
          edges { node { id amount occurredAt spendDate description source campaign { name } } } } }`,
        { b: id, c: filter.campaignId || null, from: filter.from || null, to: filter.to || null },
      );
      setSpends(data.spends.edges.map((e) => e.node));
      setSpendError(null);
    } catch (e) {
      if (e instanceof ApiError) setSpendError(e);
    }
  };
  useEffect(() => void load(), [id]);
  useEffect(() => void loadSpends(), [id, filter]);
  // a pause or resume of this brand, in any process: read it again
  useEffect(() => {
    if (lastEvent?.brandId === id) void load();
  }, [lastEvent]);

  if (brand === undefined) return <p class="notice">{error ?? 'Loading…'}</p>;
  if (brand === null) return <p class="notice">No such brand (or this key may not see it). <a href="#/">All brands</a></p>;

  const when = new Intl.DateTimeFormat(undefined, { timeZone: brand.timezone, dateStyle: 'medium', timeStyle: 'short' });
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: brand.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit' });
  const act = async (mutation: 'pauseCampaign' | 'resumeCampaign' | 'archiveCampaign', campaignId: string) => {
    try {
      await gql(`mutation ($id: ID!) { ${mutation}(id: $id) { id } }`, { id: campaignId });
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const campaigns = brand.campaigns.edges.map((e) => e.node);

  return (
    <main class="brand">
      <p>
        <a href="#/">← All brands</a>
      </p>
      <h2>{brand.name}</h2>
      <p class="tz">
        Times in {brand.timezone}; money in {brand.currency}.
      </p>
      <div class="budgets">
        <Budget title="Today" label="Today: budget used" spent={brand.dailySpend} budget={brand.dailyBudget} />
        <Budget title="This month" label="This month: budget used" spent={brand.monthlySpend} budget={brand.monthlyBudget} />
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}

      <h3>Next changes (next 24 hours)</h3>
      {upcoming === null ? (
        <p class="hint">Asking the engine…</p>
      ) : upcoming.length === 0 ? (
        <p class="hint">Nothing changes on its own in the next 24 hours.</p>
      ) : (
        <ul class="upcoming">
          {upcoming.map((u) => (
            <li key={u.campaignName}>
              <strong>{u.campaignName}</strong>{' '}
              {u.toStatus === 'ACTIVE'
                ? 'resumes'
                : `${u.fromStatus === 'PAUSED' ? 'stays paused, now for' : 'pauses for'} ${reason(u.toReason)}`}{' '}
              at{' '}
              {clock.format(u.at)} {brand.timezone}
            </li>
          ))}
        </ul>
      )}

      <h3>Campaigns</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col">Today</th>
            <th scope="col">Windows ({brand.timezone})</th>
            {writes && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.id} data-campaign={c.name}>
              <th scope="row">{c.name}</th>
              <td class={`status ${c.archivedAt ? 'archived' : c.status.toLowerCase()}`}>
                {c.archivedAt ? 'archived' : c.status === 'ACTIVE' ? 'active' : `paused: ${reason(c.pauseReason)}`}
              </td>
              <td>{formatMoney(cents(c.dailySpend))}</td>
              <td>
                <Week windows={c.schedules} />
              </td>
              {writes && (
                <td class="actions">
                  {!c.archivedAt && c.pauseReason !== 'MANUAL' && (
                    <button type="button" onClick={() => act('pauseCampaign', c.id)}>
                      Pause
                    </button>
                  )}
                  {!c.archivedAt && c.pauseReason === 'MANUAL' && (
                    <button type="button" onClick={() => act('resumeCampaign', c.id)}>
                      Resume
                    </button>
                  )}
                  {!c.archivedAt && (
                    <button type="button" onClick={() => act('archiveCampaign', c.id)}>
                      Archive
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Spends</h3>
      <div class="toolbar">
        <label>
          Campaign{' '}
          <select value={filter.campaignId} onChange={(e) => setFilter({ ...filter, campaignId: e.currentTarget.value })}>
            <option value="">all</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" value={filter.from} onChange={(e) => setFilter({ ...filter, from: e.currentTarget.value })} />
        </label>
        <label>
          To <input type="date" value={filter.to} onChange={(e) => setFilter({ ...filter, to: e.currentTarget.value })} />
        </label>
        {spendError && (
          <span class="error" role="alert">
            {spendError.field ? `${spendError.field}: ` : ''}
            {spendError.message}
          </span>
        )}
      </div>
      <table class="spends">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Campaign</th>
            <th scope="col">Amount</th>
            <th scope="col">Description</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {spends.map((s) => (
            <tr key={s.id}>
              <td>{when.format(new Date(s.occurredAt))}</td>
              <td>{s.campaign.name}</td>
              <td class={cents(s.amount) < 0n ? 'correction' : ''}>{formatMoney(cents(s.amount))}</td>
              <td>{s.description}</td>
              <td>{s.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {writes && <RecordSpend campaigns={campaigns.filter((c) => !c.archivedAt)} onDone={() => (void load(), void loadSpends())} />}

      <h3>Audit trail</h3>
      <ol class="audit" aria-label="Audit trail, newest first">
        {audit.map((a) => (
          <li key={a.id}>
            <time dateTime={a.occurredAt}>{when.format(new Date(a.occurredAt))}</time> <strong>{a.action}</strong>{' '}
            {a.targetType.toLowerCase() === 'campaign' ? (campaigns.find((c) => c.id === a.targetId)?.name ?? a.targetId) : a.targetType} by {a.actor}
          </li>
        ))}
      </ol>
    </main>
  );
}

/** The windows as a week: one line per day; an overnight window shows on its day, running past midnight. */
function Week({ windows }: { windows: Campaign['schedules'] }) {
  const active = windows.filter((w) => w.isActive);
  if (active.length === 0) return <span class="nolimit">always on</span>;
  return (
    <ul class="week">
      {DAYS.filter((d) => active.some((w) => w.dayOfWeek === d)).map((d) => (
        <li key={d}>
          <abbr title={d.toLowerCase()}>{d.slice(0, 3).toLowerCase()}</abbr>{' '}
          {active
            .filter((w) => w.dayOfWeek === d)
            .map((w) => `${w.startTime}–${w.endTime}${w.endTime <= w.startTime ? ' (next day)' : ''}`)
            .join(', ')}
        </li>
      ))}
    </ul>
  );
}

function RecordSpend({ campaigns, onDone }: { campaigns: Campaign[]; onDone: () => void }) {
  const [form, setForm] = useState({ campaignId: campaigns[0]?.id ?? '', amount: '', description: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fieldError = (field: string) =>
    error?.field === field ? (
      <span class="error" role="alert" id={`${field}-error`}>
        {error.message}
      </span>
    ) : null;
  return (
    <form
      class="record"
      onSubmit={async (e) => {
        e.preventDefault();
        setDone(null);
        try {
          const r = await gql<{ recordSpend: { spend: { amount: string }; statusChanges: { campaignName: string; toReason: string }[] } }>(
            `mutation ($i: SpendInput!) { recordSpend(input: $i) { spend { amount } statusChanges { campaignName toReason } } }`,
            { i: { campaignId: form.campaignId, amount: form.amount.trim(), description: form.description, source: 'dashboard' } },
          );
          setError(null);
          setForm({ ...form, amount: '', description: '' });
          setDone(`Recorded ${r.recordSpend.spend.amount}${r.recordSpend.statusChanges.length ? `; ${r.recordSpend.statusChanges.length} campaign(s) paused` : ''}.`);
          onDone();
        } catch (err) {
          if (err instanceof ApiError) setError(err);
          else throw err;
        }
      }}
    >
      <h3>Record a spend or a correction</h3>
      <label>
        Campaign{' '}
        <select name="campaignId" value={form.campaignId} onChange={(e) => setForm({ ...form, campaignId: e.currentTarget.value })}>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {fieldError('campaignId')}
      <label>
        Amount{' '}
        <input name="amount" inputMode="decimal" placeholder="25.50 (negative: a correction)" value={form.amount} onInput={(e) => setForm({ ...form, amount: e.currentTarget.value })} aria-describedby="amount-error" />
      </label>
      {fieldError('amount')}
      <label>
        Description <input name="description" value={form.description} onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />
      </label>
      {fieldError('description')}
      {error && !['campaignId', 'amount', 'description'].includes(error.field ?? '') && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      <button type="submit">Record</button>
      {done && <p role="status">{done}</p>}
    </form>
  );
}
