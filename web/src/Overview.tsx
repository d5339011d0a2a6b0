// Every brand with its day's and month's budget use, active and paused campaigns, and the live
// feed of pauses and resumes (kept by the app, live.ts). A status event refreshes its brand's row
// at once; every open dashboard gets the same event.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { gql, type Me } from './api.ts';
import type { LiveState, StatusEvent } from './live.ts';
import { Budget, reason } from './Budget.tsx';
import { usage } from './money.ts';

interface Brand {
  id: string;
  name: string;
  currency: string;
  dailyBudget: string | null;
  dailySpend: string;
  monthlyBudget: string | null;
  monthlySpend: string;
  active: { totalCount: number };
  paused: { totalCount: number };
}

const BRAND = `id name currency dailyBudget dailySpend monthlyBudget monthlySpend
  active: campaigns(status: ACTIVE, first: 0) { totalCount }
  paused: campaigns(status: PAUSED, first: 0) { totalCount }`;

const PAGE = 50;
type Sort = 'name' | 'daily' | 'monthly';
type StateFilter = 'all' | 'paused' | 'active';

export function Overview({ me, events, live, lastEvent }: { me: Me; events: StatusEvent[]; live: LiveState; lastEvent: StatusEvent | null }) {
  const [brands, setBrands] = useState<Brand[]>([]);
  const [total, setTotal] = useState(0);
  const [cursors, setCursors] = useState<(string | null)[]>([null]); // start cursor of each page seen
  const [next, setNext] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [state, setState] = useState<StateFilter>('all');
  const [sort, setSort] = useState<Sort>('name');
  const [error, setError] = useState<string | null>(null);
  const after = cursors.at(-1) ?? null;
  const shown = useRef<Set<string>>(new Set());

  const load = async () => {
    try {
      const data = await gql<{
        brands: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Brand }[] };
      }>(
        `query ($first: Int, $after: String, $name: String) {
          brands(first: $first, after: $after, nameContains: $name) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${BRAND} } } }
        }`,
        { first: PAGE, after, name: name.trim() || null },
      );
      setBrands(data.brands.edges.map((e) => e.node));
      setTotal(data.brands.totalCount);
      setNext(data.brands.pageInfo.hasNextPage ? data.brands.pageInfo.endCursor : null);
      shown.current = new Set(data.brands.edges.map((e) => e.node.id));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
    // spends that change no status send no event: the figures are read again every 15 s
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, [after, name]);

  const refreshBrand = async (id: string) => {
    if (!shown.current.has(id)) return;
    const { brand } = await gql<{ brand: Brand | null }>(`query ($id: ID!) { brand(id: $id) { ${BRAND} } }`, { id });
    if (brand) setBrands((list) => list.map((b) => (b.id === brand.id ? brand : b)));
  };

  // a pause or resume, in any process: its brand's row is read again
  useEffect(() => {
    if (lastEvent) void refreshBrand(lastEvent.brandId);
  }, [lastEvent]);

  const rows = useMemo(() => {
    const filtered = brands.filter((b) => (state === 'all' ? true : state === 'paused' ? b.paused.totalCount > 0 : b.paused.totalCount === 0));
    const use = (b: Brand, period: 'daily' | 'monthly') =>
      period === 'daily' ? usage(b.dailySpend, b.dailyBudget).permille : usage(b.monthlySpend, b.monthlyBudget).permille;
    return sort === 'name' ? filtered : [...filtered].sort((a, b) => use(b, sort) - use(a, sort));
  }, [brands, state, sort]);

  return (
    <main class="overview">
      <section class="brands" aria-label="Brands">
        <div class="toolbar">
          <label>
            Name <input type="search" value={name} onInput={(e) => (setName(e.currentTarget.value), setCursors([null]))} placeholder="filter" />
          </label>
          <label>
            State{' '}
            <select value={state} onChange={(e) => setState(e.currentTarget.value as StateFilter)}>
              <option value="all">all</option>
              <option value="paused">with paused campaigns</option>
              <option value="active">all campaigns active</option>
            </select>
          </label>
          <label>
            Sort{' '}
            <select value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
              <option value="name">name</option>
              <option value="daily">daily use</option>
              <option value="monthly">monthly use</option>
            </select>
          </label>
          <span class="count">
            {total} brand{total === 1 ? '' : 's'}
            {me.brandIds ? ' (this key’s)' : ''}
          </span>
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <table>
          <thead>
            <tr>
              <th scope="col">Brand</th>
              <th scope="col">Today</th>
              <th scope="col">This month</th>
              <th scope="col">Campaigns</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.id} data-brand={b.name}>
                <th scope="row">
                  <a href={`#/brands/${b.id}`}>{b.name}</a>
                </th>
                <td>
                  <Budget spent={b.dailySpend} budget={b.dailyBudget} currency={b.currency} label={`${b.name} today`} />
                </td>
                <td>
                  <Budget spent={b.monthlySpend} budget={b.monthlyBudget} currency={b.currency} label={`${b.name} this month`} />
                </td>
                <td class="campaigns">
                  <span class="active">{b.active.totalCount} active</span> · <span class="paused">{b.paused.totalCount} paused</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav class="pages" aria-label="Pages">
          <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </button>
          <span>Page {cursors.length}</span>
          <button type="button" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
            Next
          </button>
        </nav>
      </section>
      <aside class="feed" aria-label="Live feed">
        <h2>
          Live <span class={`live ${live}`}>{live === 'live' ? '● live' : live === 'reconnecting' ? 'reconnecting…' : 'connecting…'}</span>
        </h2>
        <ol>
          {events.map((e) => (
            <li key={e.id} class={e.toStatus === 'PAUSED' ? 'paused' : 'resumed'}>
              <time dateTime={e.occurredAt}>{new Date(e.occurredAt).toLocaleTimeString()}</time> <strong>{e.campaignName}</strong>{' '}
              {describe(e)} <span class="by">by {e.actor}</span>
            </li>
          ))}
        </ol>
      </aside>
    </main>
  );
}

function describe(e: StatusEvent): string {
  const paused = e.toStatus === 'PAUSED' ? `paused (${reason(e.toReason)})` : 'active';
  if (e.fromStatus === null) return `created, ${paused}`;
  if (e.toStatus === 'ACTIVE') return 'resumed';
  return e.fromStatus === 'PAUSED' ? `still paused, now for ${reason(e.toReason)}` : paused;
}
