// Every brand with its day's and month's budget use and pace ("runs out ~17:40", as its page's
// pacing lines say), active and paused campaigns, and the live feed of alerts, pauses and resumes
// (kept by the app, live.ts) with times in the viewer's zone and the brand's clock beside them.
// A brand's row changes the moment one of its campaigns pauses or resumes (campaignStatusChanged)
// or a spend moves its figures (brandSpendChanged), in every open dashboard. On a phone the feed
// is one tap away ("Live feed", at the top). Keys that may write can add a brand here (BrandForm.tsx).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { gql, graphql, type Me } from './api.ts';
import { Budget } from './Budget.tsx';
import { reason } from './reasons.ts';
import { BrandForm } from './BrandForm.tsx';
import { ExportCsv } from './ExportCsv.tsx';
import type { BrandRow, Live, StatusEvent } from './live.ts';
import { usage } from './money.ts';
import { paceShort } from './pacing.ts';
import { zoneFormat, zoneName } from './zone.ts';
import type { BrandPaceFragment } from './generated/graphql.ts';

const Brands = graphql(`
  query Brands($first: Int, $after: String, $name: String, $paused: Boolean, $archived: Boolean) {
    brands(first: $first, after: $after, nameContains: $name, withPausedCampaigns: $paused, includeArchived: $archived) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...BrandRow
        }
      }
    }
  }
`);

const OneBrand = graphql(`
  query OneBrand($id: ID!) {
    brand(id: $id) {
      ...BrandRow
    }
  }
`);

// Pacing costs the service more than the rest of a row (src/graphql/cost.ts: 250 points a brand):
// asked apart, PACE_CHUNK (25) brands a query, after the rows.
graphql(`
  fragment BrandPace on Brand {
    id
    timezone
    pacing {
      daily {
        ...PeriodPace
      }
      monthly {
        ...PeriodPace
      }
    }
  }
`);

const Paces = graphql(`
  query BrandPaces($after: String, $offset: Int, $name: String, $paused: Boolean, $archived: Boolean) {
    brands(first: 25, after: $after, offset: $offset, nameContains: $name, withPausedCampaigns: $paused, includeArchived: $archived) {
      edges {
        node {
          ...BrandPace
        }
      }
    }
  }
`);

const OnePace = graphql(`
  query OneBrandPace($id: ID!) {
    brand(id: $id) {
      ...BrandPace
    }
  }
`);

/** the paces of the brands that moved are read together at most once in this many ms (at most PACE_CHUNK of them) */
const PACE_EVERY = 1_000;
/** how long the Name filter waits for the typing to stop before it reads the brands */
const TYPING_MS = 300;
/** brands a pace query asks for: its `first` (at most half the cost limit, like every dashboard query) */
const PACE_CHUNK = 25;
const PAGE_SIZES = [50, 200, 500] as const;
type Sort = 'name' | 'daily' | 'monthly';
type StateFilter = 'all' | 'paused' | 'active';

export function Overview({ me, live: feed }: { me: Me; live: Live }) {
  const { events, alerts, live, lastEvent, moved, epoch } = feed;
  const [brands, setBrands] = useState<BrandRow[]>([]);
  const [total, setTotal] = useState(0);
  const [cursors, setCursors] = useState<(string | null)[]>([null]); // start cursor of each page seen
  const [next, setNext] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [typed, setTyped] = useState(''); // the Name box: `name` follows it once the typing stops
  const [state, setState] = useState<StateFilter>('all');
  const [archived, setArchived] = useState(false);
  const [sort, setSort] = useState<Sort>('name');
  const [size, setSize] = useState<number>(PAGE_SIZES[0]);
  const [error, setError] = useState<string | null>(null);
  const [paces, setPaces] = useState<Map<string, BrandPaceFragment>>(new Map());
  const feedRef = useRef<HTMLElement>(null);
  const after = cursors.at(-1) ?? null;
  const shown = useRef<Set<string>>(new Set());
  const writes = me.role === 'admin' || me.role === 'operator';

  const latest = useRef(0); // an answer that arrives after a newer request's is dropped
  const load = async () => {
    const mine = ++latest.current;
    try {
      const paused = state === 'all' ? null : state === 'paused';
      const filters = { after, name: name.trim() || null, paused, archived };
      const data = await gql(Brands, { first: size, ...filters });
      if (mine !== latest.current) return;
      setBrands(data.brands.edges.map((e) => e.node));
      setTotal(data.brands.totalCount);
      setNext(data.brands.pageInfo.hasNextPage ? (data.brands.pageInfo.endCursor ?? null) : null);
      shown.current = new Set(data.brands.edges.map((e) => e.node.id));
      setError(null);
      // then their pacing, the same page in chunks
      const chunks = await Promise.all(
        Array.from({ length: Math.ceil(data.brands.edges.length / PACE_CHUNK) }, (_, i) =>
          gql(Paces, { ...filters, offset: i * PACE_CHUNK }),
        ),
      );
      if (mine !== latest.current) return;
      setPaces(new Map(chunks.flatMap((c) => c.brands.edges.map((e) => [e.node.id, e.node] as const))));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
    // Live updates carry every change; this catches what no spend or event announces (a new
    // day or month starting, a spend while this tab's connection was being re-established).
    const timer = setInterval(() => void load(), 60_000);
    return () => clearInterval(timer);
  }, [after, name, state, archived, size, epoch]);

  const replace = (brand: BrandRow) => {
    if (!shown.current.has(brand.id)) return;
    setBrands((list) => list.map((b) => (b.id === brand.id ? brand : b)));
    readPace(brand.id);
  };
  // its pace moved with its figures: the brands that moved are read again together, at most once
  // every PACE_EVERY ms and PACE_CHUNK brands at a time in all (a pace is a heavy read, and many
  // brands under streams of spends move many times a second); the rest wait for the next turn
  const paceDue = useRef(new Set<string>());
  const paceTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const readPaces = () => {
    const ids = [...paceDue.current].slice(0, PACE_CHUNK);
    for (const id of ids) paceDue.current.delete(id);
    paceTimer.current = paceDue.current.size ? setTimeout(readPaces, PACE_EVERY) : null;
    for (const id of ids.filter((id) => shown.current.has(id)))
      void gql(OnePace, { id }).then(
        ({ brand: pace }) => pace && setPaces((map) => new Map(map).set(pace.id, pace)),
        () => undefined,
      );
  };
  const readPace = (id: string) => {
    paceDue.current.add(id);
    paceTimer.current ??= setTimeout(readPaces, PACE_EVERY);
  };
  useEffect(() => () => clearTimeout(paceTimer.current ?? undefined), []);
  useEffect(() => {
    const timer = setTimeout(() => {
      if (typed === name) return;
      setName(typed);
      setCursors([null]);
    }, TYPING_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  // a spend moved a brand's figures, in any process: its row, as sent
  useEffect(() => {
    if (moved) replace(moved);
  }, [moved]);
  // a pause or resume, in any process: its brand's row is read again
  useEffect(() => {
    if (lastEvent && shown.current.has(lastEvent.brandId))
      void gql(OneBrand, { id: lastEvent.brandId }).then(
        ({ brand }) => brand && replace(brand),
        () => undefined,
      );
  }, [lastEvent]);

  // name order and the filters come from the service, across every page; use order is this page's
  const rows = useMemo(() => {
    const use = (b: BrandRow, period: 'daily' | 'monthly') =>
      period === 'daily' ? usage(b.dailySpend, b.dailyBudget ?? null).permille : usage(b.monthlySpend, b.monthlyBudget ?? null).permille;
    return sort === 'name' ? brands : [...brands].sort((a, b) => use(b, sort) - use(a, sort));
  }, [brands, sort]);

  return (
    <main class="overview">
      {/* on a phone the feed comes after every brand: this takes one there (hidden on a wide screen) */}
      <button
        type="button"
        class="to-feed"
        onClick={() => {
          feedRef.current?.scrollIntoView();
          feedRef.current?.focus();
        }}
      >
        Live feed{alerts.length > 0 ? ` · ${alerts.length} alert${alerts.length === 1 ? '' : 's'}` : ''}
      </button>
      <section class="brands" aria-label="Brands">
        <div class="toolbar">
          <label>
            Name <input type="search" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} placeholder="filter" />
          </label>
          <label>
            State{' '}
            <select value={state} onChange={(e) => (setState(e.currentTarget.value as StateFilter), setCursors([null]))}>
              <option value="all">all</option>
              <option value="paused">with paused campaigns</option>
              <option value="active">no paused campaign</option>
            </select>
          </label>
          <label>
            <input type="checkbox" checked={archived} onChange={(e) => (setArchived(e.currentTarget.checked), setCursors([null]))} />{' '}
            archived brands too
          </label>
          <label>
            Sort{' '}
            <select value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
              <option value="name">name</option>
              <option value="daily">daily use (this page)</option>
              <option value="monthly">monthly use (this page)</option>
            </select>
          </label>
          <label>
            Per page{' '}
            <select value={size} onChange={(e) => (setSize(Number(e.currentTarget.value)), setCursors([null]))}>
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <ExportCsv path={`/api/brands/?${brandsQuery(name, state, archived)}`} filename="brands.csv" what="brands" />
          <span class="count" role="status">
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
                  {b.archivedAt && <span class="tag"> archived</span>}
                </th>
                <td>
                  <Budget
                    spent={b.dailySpend}
                    budget={b.dailyBudget ?? null}
                    currency={b.currency}
                    label={`${b.name} today`}
                    runsOutAt={paces.get(b.id)?.pacing.daily.runsOutAt}
                    pace={pace(paces.get(b.id), 'daily')}
                  />
                </td>
                <td>
                  <Budget
                    spent={b.monthlySpend}
                    budget={b.monthlyBudget ?? null}
                    currency={b.currency}
                    label={`${b.name} this month`}
                    runsOutAt={paces.get(b.id)?.pacing.monthly.runsOutAt}
                    pace={pace(paces.get(b.id), 'monthly')}
                  />
                </td>
                <td class="campaigns">
                  <span class="active">{b.active.totalCount} active</span> ·{' '}
                  <span class={b.paused.totalCount > 0 ? 'paused' : 'none-paused'}>{b.paused.totalCount} paused</span>
                  {b.overrides.length > 0 && (
                    <>
                      {' '}
                      · <span class="override">{b.overrides.length === 1 ? '1 override' : `${b.overrides.length} overrides`} in force</span>
                    </>
                  )}
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
        {writes && <BrandForm onSaved={(id) => (location.hash = `#/brands/${id}`)} />}
      </section>
      <aside class="feed" id="feed" aria-labelledby="feed-heading" tabIndex={0} ref={feedRef}>
        <h2 id="feed-heading">
          <span>
            Live <span class="zone">· times in {VIEWER_ZONE}</span>
          </span>{' '}
          <span class={`live ${live}`}>{live === 'live' ? '● live' : live === 'reconnecting' ? 'reconnecting…' : 'connecting…'}</span>
        </h2>
        {alerts.length > 0 && (
          <ol class="alerts" aria-label="Budget alerts">
            {alerts.map((a) => (
              <li key={`alert-${a.id}`} class={a.reached >= 100 ? 'paused' : 'alert'}>
                <When at={a.occurredAt} timezone={a.brand?.timezone} /> <strong>{a.brand?.name ?? 'A deleted brand'}</strong> reached{' '}
                {a.reached} % of its {a.period === 'DAILY' ? 'daily' : 'monthly'} budget{' '}
                <span class="by">
                  ({a.spent} of {a.budget}
                  {a.brand ? ` ${a.brand.currency}` : ''})
                </span>
              </li>
            ))}
          </ol>
        )}
        <ol class="events" aria-label="Pauses and resumes">
          {events.map((e) => (
            <li key={e.id} class={e.toStatus === 'PAUSED' ? 'paused' : 'resumed'}>
              <When at={e.occurredAt} timezone={e.brand?.timezone} /> <strong>{e.campaignName}</strong> {describe(e)}{' '}
              <span class="by">
                {e.brand ? `${e.brand.name}, ` : ''}by {e.actor}
              </span>
            </li>
          ))}
        </ol>
      </aside>
    </main>
  );
}

/** The viewer's zone: every time of the feed is on its clock, so the lines read in order. */
const VIEWER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const HOUR = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

/** A line's time on the viewer's clock, and on its brand's beside it where that reads otherwise ("14:02 (08:02 EST brand time)"). */
function When({ at, timezone }: { at: string; timezone?: string }) {
  const instant = new Date(at);
  const here = zoneFormat(VIEWER_ZONE, HOUR, 'en-GB').format(instant);
  const there = timezone ? zoneFormat(timezone, HOUR, 'en-GB').format(instant) : here;
  return (
    <>
      <time dateTime={at}>{here}</time>
      {there !== here && (
        <span class="brand-time" title={zoneName(timezone!)}>
          {' '}
          ({zoneFormat(timezone, { ...HOUR, timeZoneName: 'short' }, 'en-GB').format(instant)} brand time)
        </span>
      )}
    </>
  );
}

/** A row's pace in short, the day's on the brand's clock ("runs out ~17:40"), the month's as a date. */
function pace(p: BrandPaceFragment | undefined, period: 'daily' | 'monthly'): string | null {
  if (!p) return null;
  const clock =
    period === 'daily'
      ? zoneFormat(p.timezone, { ...HOUR, timeZoneName: 'short' }, 'en-GB')
      : zoneFormat(p.timezone, { day: 'numeric', month: 'short' }, 'en-GB');
  return paceShort(p.pacing[period], clock);
}

function describe(e: StatusEvent): string {
  const paused = e.toStatus === 'PAUSED' ? `paused (${reason(e.toReason ?? null)})` : 'active';
  if (e.fromStatus == null) return `created, ${paused}`;
  if (e.toStatus === 'ACTIVE') return e.trigger === 'OVERRIDE' ? 'resumed on an override' : 'resumed';
  const why = e.trigger === 'OVERRIDE_END' ? ': its override ended' : e.trigger === 'OVERRIDE' ? ': its override was cancelled' : '';
  return (e.fromStatus === 'PAUSED' ? `still paused, now for ${reason(e.toReason ?? null)}` : paused) + why;
}

/** The REST list's query for the overview's filters (its CSV export). */
function brandsQuery(name: string, state: StateFilter, archived: boolean): string {
  const query = new URLSearchParams();
  if (name.trim()) query.set('name', name.trim());
  if (state !== 'all') query.set('with_paused_campaigns', String(state === 'paused'));
  if (archived) query.set('include_archived', 'true');
  return query.toString();
}
