// One brand: its budgets (editable by keys that may write), what changes next on its own (NextChanges.tsx), its
// campaigns (pause, resume, archive, unarchive, a new one), their dayparting windows as a week
// (WeekEditor.tsx), its spends filtered by campaign and dates, a form to record a spend or a
// correction, and its audit trail. Every error shows next to the field it names
// (extensions.field). Times are the brand's own (its timezone). It reads itself again when one of
// its campaigns changes or a spend moves its figures, in any process.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, gql, graphql, type Me } from './api.ts';
import { BrandForm } from './BrandForm.tsx';
import { NextChanges } from './brand/NextChanges.tsx';
import { Budget } from './Budget.tsx';
import { Field, FormError, useSubmit } from './Form.tsx';
import type { BrandAuditQuery, BrandPageQuery, BrandSpendsQuery, PauseReason } from './generated/graphql.ts';
import type { Live } from './live.ts';
import { cents, formatMoney } from './money.ts';
import { paceLine } from './pacing.ts';
import { reason } from './reasons.ts';
import { WeekEditor } from './WeekEditor.tsx';

const BrandQuery = graphql(`
  query BrandPage($id: ID!) {
    brand(id: $id) {
      id
      name
      currency
      timezone
      dailyBudget
      dailySpend
      monthlyBudget
      monthlySpend
      alertThresholds
      pacing {
        method
        daily {
          ...PeriodPace
        }
        monthly {
          ...PeriodPace
        }
      }
      campaigns(first: 500, includeArchived: true) {
        totalCount
        edges {
          node {
            id
            name
            status
            pauseReason
            pauseReasons
            archivedAt
            dailySpend
            monthlySpend
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

graphql(`
  fragment PeriodPace on PeriodPacing {
    budget
    projected
    paceRatio
    status
    budgetUsedUp
    runsOutAt
  }
`);

const Audit = graphql(`
  query BrandAudit($brandId: ID) {
    auditEntries(brandId: $brandId, last: 20) {
      edges {
        node {
          id
          actor
          action
          targetType
          targetId
          occurredAt
        }
      }
    }
  }
`);

const Spends = graphql(`
  query BrandSpends($brandId: ID, $campaignId: ID, $from: Date, $to: Date) {
    spends(brandId: $brandId, campaignId: $campaignId, from: $from, to: $to, first: 50) {
      totalCount
      edges {
        node {
          id
          amount
          occurredAt
          spendDate
          description
          source
          campaign {
            name
          }
        }
      }
    }
  }
`);

const CreateCampaign = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      id
    }
  }
`);

const Pause = graphql(`
  mutation PauseCampaign($id: ID!) {
    pauseCampaign(id: $id) {
      id
    }
  }
`);
const Resume = graphql(`
  mutation ResumeCampaign($id: ID!) {
    resumeCampaign(id: $id) {
      id
    }
  }
`);
const Archive = graphql(`
  mutation ArchiveCampaign($id: ID!) {
    archiveCampaign(id: $id) {
      id
    }
  }
`);
const Unarchive = graphql(`
  mutation UnarchiveCampaign($id: ID!) {
    unarchiveCampaign(id: $id) {
      id
    }
  }
`);

const RecordSpendDoc = graphql(`
  mutation RecordSpend($input: SpendInput!) {
    recordSpend(input: $input) {
      duplicate
      spend {
        amount
      }
      statusChanges {
        campaignName
        toReason
      }
    }
  }
`);

type Brand = NonNullable<BrandPageQuery['brand']>;
type Campaign = Brand['campaigns']['edges'][number]['node'];
type Spend = BrandSpendsQuery['spends']['edges'][number]['node'];
type AuditEntry = BrandAuditQuery['auditEntries']['edges'][number]['node'];
const ACTIONS = {
  pause: (id: string) => gql(Pause, { id }),
  resume: (id: string) => gql(Resume, { id }),
  archive: (id: string) => gql(Archive, { id }),
  unarchive: (id: string) => gql(Unarchive, { id }),
};

export function BrandPage({ id, me, live }: { id: string; me: Me; live: Live }) {
  const [brand, setBrand] = useState<Brand | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState({ campaignId: '', from: '', to: '' });
  const [spends, setSpends] = useState<{ total: number; list: Spend[] }>({ total: 0, list: [] });
  const [spendError, setSpendError] = useState<ApiError | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [round, setRound] = useState(0); // whole reads done: what changes next reads again with each
  const [selected, setSelected] = useState<string>('');
  const writes = me.role === 'admin' || me.role === 'operator';

  /** with `whole`, also what changes next (NextChanges, Campaign.nextChange) and the audit trail */
  const latest = useRef({ brand: 0, spends: 0 }); // answers that arrive after a newer request's are dropped
  // a whole read overtaken by a newer brand-only one (a spend's figures right after its events)
  // is done by the answer that is kept
  const wholeWanted = useRef(false);
  const load = async (whole = true) => {
    const mine = ++latest.current.brand;
    if (whole) wholeWanted.current = true;
    try {
      const loaded = (await gql(BrandQuery, { id })).brand ?? null;
      if (mine !== latest.current.brand) return;
      setBrand(loaded);
      if (!wholeWanted.current) return;
      wholeWanted.current = false;
      setRound((n) => n + 1);
      const trail = await gql(Audit, { brandId: id });
      setAudit(trail.auditEntries.edges.map((e) => e.node).reverse());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const loadSpends = async () => {
    const mine = ++latest.current.spends;
    try {
      const loaded = await loadSpendsOf(id, filter);
      if (mine !== latest.current.spends) return;
      setSpends(loaded);
      setSpendError(null);
    } catch (e) {
      if (e instanceof ApiError) setSpendError(e);
    }
  };
  useEffect(() => {
    void load();
    // live updates carry every change through the API; this catches a new day or month starting
    const timer = setInterval(() => void load(false), 60_000);
    return () => clearInterval(timer);
  }, [id, live.epoch]);
  useEffect(() => void loadSpends(), [id, filter, live.epoch]);
  // one of its campaigns paused or resumed, in any process: read it again
  useEffect(() => {
    if (live.lastEvent?.brandId === id) void load();
  }, [live.lastEvent]);
  // a spend moved its figures, in any process: its figures, campaigns and spends again (a spend
  // that pauses something also sends its events, which read the rest)
  useEffect(() => {
    if (live.moved?.id === id) {
      void load(false);
      void loadSpends();
    }
  }, [live.moved]);

  if (brand === undefined) return <p class="notice">{error ?? 'Loading…'}</p>;
  if (brand === null)
    return (
      <p class="notice">
        No such brand (or this key may not see it). <a href="#/">All brands</a>
      </p>
    );

  const when = new Intl.DateTimeFormat(undefined, { timeZone: brand.timezone, dateStyle: 'medium', timeStyle: 'short' });
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: brand.timezone, hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: brand.timezone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const act = async (action: keyof typeof ACTIONS, campaignId: string) => {
    try {
      await ACTIONS[action](campaignId);
      setError(null);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const campaigns = brand.campaigns.edges.map((e) => e.node);
  const editing = campaigns.find((c) => c.id === selected) ?? campaigns.find((c) => !c.archivedAt) ?? null;

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
        <Budget title="Today" label="Today: budget used" spent={brand.dailySpend} budget={brand.dailyBudget ?? null} />
        <Budget title="This month" label="This month: budget used" spent={brand.monthlySpend} budget={brand.monthlyBudget ?? null} />
      </div>
      <ul class="pace" aria-label="Pacing">
        <li>Today: {paceLine(brand.pacing.daily, brand.timezone, hour)}</li>
        <li>This month: {paceLine(brand.pacing.monthly, brand.timezone, day)}</li>
        <li class="hint">
          {brand.pacing.method === 'CURVE' ? "Projected from the brand's hours of the last 28 days" : 'Projected linearly (little history)'}
          , over the hours its campaigns may run.
        </li>
      </ul>
      {writes && <BrandForm brand={brand} onSaved={() => void load()} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}

      <NextChanges brandId={brand.id} timezone={brand.timezone} round={round} />

      <h3>Campaigns</h3>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Status</th>
              <th scope="col">Today</th>
              <th scope="col">This month</th>
              <th scope="col">Windows</th>
              {writes && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id} data-campaign={c.name}>
                <th scope="row">{c.name}</th>
                <td class={`status ${c.archivedAt ? 'archived' : c.status.toLowerCase()}`}>
                  {c.archivedAt ? 'archived' : c.status === 'ACTIVE' ? 'active' : `paused: ${reason(c.pauseReason ?? null)}`}
                  {c.status === 'PAUSED' && also(c.pauseReason ?? null, c.pauseReasons).length > 0 && (
                    <span class="also">
                      {' '}
                      (also{' '}
                      {also(c.pauseReason ?? null, c.pauseReasons)
                        .map(reason)
                        .join(', ')}
                      )
                    </span>
                  )}
                </td>
                <td>{formatMoney(cents(c.dailySpend))}</td>
                <td>{formatMoney(cents(c.monthlySpend))}</td>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-label={`Windows of ${c.name}`}
                    onClick={() => (setSelected(c.id), document.getElementById('windows')?.scrollIntoView())}
                  >
                    {summary(c.schedules)}
                  </button>
                </td>
                {writes && (
                  <td class="actions">
                    {!c.archivedAt && c.pauseReason !== 'MANUAL' && (
                      <button type="button" aria-label={`Pause ${c.name}`} onClick={() => act('pause', c.id)}>
                        Pause
                      </button>
                    )}
                    {!c.archivedAt && c.pauseReason === 'MANUAL' && (
                      <button type="button" aria-label={`Resume ${c.name}`} onClick={() => act('resume', c.id)}>
                        Resume
                      </button>
                    )}
                    {c.archivedAt ? (
                      <button type="button" aria-label={`Unarchive ${c.name}`} onClick={() => act('unarchive', c.id)}>
                        Unarchive
                      </button>
                    ) : (
                      <button type="button" aria-label={`Archive ${c.name}`} onClick={() => act('archive', c.id)}>
                        Archive
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {brand.campaigns.totalCount > campaigns.length && (
        <p class="hint">
          The first {campaigns.length} of {brand.campaigns.totalCount} campaigns, by name.
        </p>
      )}
      {writes && <NewCampaign brandId={brand.id} onDone={load} />}

      <section id="windows" aria-labelledby="windows-title">
        <h3 id="windows-title">Dayparting windows</h3>
        {editing ? (
          <>
            <label>
              Campaign{' '}
              <select value={editing.id} onChange={(e) => setSelected(e.currentTarget.value)}>
                {campaigns
                  .filter((c) => !c.archivedAt)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </select>
            </label>
            <WeekEditor key={editing.id} campaign={editing} timezone={brand.timezone} writes={writes} onSaved={load} />
          </>
        ) : (
          <p class="hint">No campaign yet.</p>
        )}
      </section>

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
        <span class="count">
          {spends.total} spend{spends.total === 1 ? '' : 's'}
          {spends.total > spends.list.length ? `, newest ${spends.list.length} shown` : ''}
        </span>
        {spendError && (
          <span class="error" role="alert">
            {spendError.field ? `${spendError.field}: ` : ''}
            {spendError.message}
          </span>
        )}
      </div>
      <div class="scroll">
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
            {spends.list.map((s) => (
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
      </div>
      {writes && <RecordSpend campaigns={campaigns.filter((c) => !c.archivedAt)} onDone={() => (void load(), void loadSpends())} />}

      <h3>Audit trail</h3>
      <ol class="audit" aria-label="Audit trail, newest first">
        {audit.map((a) => (
          <li key={a.id}>
            <time dateTime={a.occurredAt}>{when.format(new Date(a.occurredAt))}</time> <strong>{a.action}</strong>{' '}
            {a.targetType.toLowerCase() === 'campaign' ? (campaigns.find((c) => c.id === a.targetId)?.name ?? a.targetId) : a.targetType} by{' '}
            {a.actor}
          </li>
        ))}
      </ol>
    </main>
  );
}

async function loadSpendsOf(brandId: string, filter: { campaignId: string; from: string; to: string }) {
  const data = await gql(Spends, { brandId, campaignId: filter.campaignId || null, from: filter.from || null, to: filter.to || null });
  return { total: data.spends.totalCount, list: data.spends.edges.map((e) => e.node) };
}

/** "3 windows", "always on" */
function summary(windows: Campaign['schedules']): string {
  const active = windows.filter((w) => w.isActive).length;
  return active === 0 ? 'always on' : `${active} window${active === 1 ? '' : 's'}`;
}

/** The rules that hold besides the one that wins. */
function also(winner: PauseReason | null, all: PauseReason[]): PauseReason[] {
  return all.filter((r) => r !== winner);
}

function NewCampaign({ brandId, onDone }: { brandId: string; onDone: () => void }) {
  const empty = { name: '', platform: '', externalCampaignId: '' };
  const [form, setForm] = useState(empty);
  const { error, submit, pending } = useSubmit();
  const set = (field: keyof typeof empty) => (e: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [field]: e.currentTarget.value });
  return (
    <details class="create">
      <summary>New campaign</summary>
      <form
        onSubmit={submit(async () => {
          await gql(CreateCampaign, {
            input: {
              brandId,
              name: form.name,
              platform: form.platform.trim() || null,
              externalCampaignId: form.externalCampaignId.trim() || null,
            },
          });
          setForm(empty);
          onDone();
        })}
      >
        <Field
          form="campaign"
          name="name"
          label="Name"
          error={error}
          input={(p) => <input {...p} required value={form.name} onInput={set('name')} />}
        />
        <Field
          form="campaign"
          name="platform"
          label="Platform"
          hint="optional, e.g. google"
          error={error}
          input={(p) => <input {...p} value={form.platform} onInput={set('platform')} />}
        />
        <Field
          form="campaign"
          name="externalCampaignId"
          label="Platform’s campaign id"
          hint="optional"
          error={error}
          input={(p) => <input {...p} value={form.externalCampaignId} onInput={set('externalCampaignId')} />}
        />
        <FormError error={error} fields={['name', 'platform', 'externalCampaignId']} />
        <button type="submit" disabled={pending}>
          Create campaign
        </button>
      </form>
    </details>
  );
}

function RecordSpend({ campaigns, onDone }: { campaigns: Campaign[]; onDone: () => void }) {
  const [form, setForm] = useState({ campaignId: campaigns[0]?.id ?? '', amount: '', description: '' });
  const { error, submit, pending } = useSubmit();
  const [done, setDone] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  // One id per spend as typed: submitting it again after a lost answer records it once
  // (source "dashboard", externalId); a changed form or a recorded spend gets a new one.
  const externalId = useMemo(() => `dashboard-${randomId()}`, [form.campaignId, form.amount, form.description, round]);
  useEffect(() => {
    if (!campaigns.some((c) => c.id === form.campaignId)) setForm((f) => ({ ...f, campaignId: campaigns[0]?.id ?? '' }));
  }, [campaigns]);
  return (
    <form
      class="record"
      onSubmit={submit(async () => {
        setDone(null);
        const r = await gql(RecordSpendDoc, {
          input: {
            campaignId: form.campaignId,
            amount: form.amount.trim(),
            description: form.description,
            source: 'dashboard',
            externalId,
          },
        });
        setForm((f) => ({ ...f, amount: '', description: '' }));
        setRound((n) => n + 1);
        const paused = r.recordSpend.statusChanges.length;
        setDone(
          `Recorded ${r.recordSpend.spend.amount}${r.recordSpend.duplicate ? ' (it had been recorded already)' : ''}${paused ? `; ${paused} campaign${paused === 1 ? '' : 's'} paused` : ''}.`,
        );
        onDone();
      })}
    >
      <h3>Record a spend or a correction</h3>
      <Field
        form="spend"
        name="campaignId"
        label="Campaign"
        error={error}
        input={(p) => (
          <select {...p} value={form.campaignId} onChange={(e) => setForm({ ...form, campaignId: e.currentTarget.value })}>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      />
      <Field
        form="spend"
        name="amount"
        label="Amount"
        hint="exact, two decimals at most; negative for a correction"
        error={error}
        input={(p) => (
          <input
            {...p}
            inputMode="decimal"
            placeholder="25.50"
            value={form.amount}
            onInput={(e) => setForm({ ...form, amount: e.currentTarget.value })}
          />
        )}
      />
      <Field
        form="spend"
        name="description"
        label="Description"
        error={error}
        input={(p) => <input {...p} value={form.description} onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />}
      />
      <FormError error={error} fields={['campaignId', 'amount', 'description']} />
      <button type="submit" disabled={pending}>
        Record
      </button>
      {done && <p role="status">{done}</p>}
    </form>
  );
}

/** 16 random bytes as hex (crypto.randomUUID needs a secure context; the dashboard may be served over plain HTTP on a LAN) */
function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
