// `#/spends`: the spends of every brand the key sees, newest first, searched (a campaign's or a
// brand's name), filtered (brand, campaign, brand-local dates, source, who recorded it) and paged
// through all of them, 50 at a time, by cursor (a page starts after or ends before the row another
// ended or started at, so spends arriving meanwhile neither repeat nor skip rows; Last asks for the
// last 50, however many there are). The filters and the page live in the URL's hash, so a link
// shares the view; each filter change goes back to the first page. "Export CSV" saves every row
// the filters match, as the REST list writes it (csv.ts).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, gql, graphql } from '../api.ts';
import { ExportCsv } from '../ExportCsv.tsx';
import type { AllSpendsQuery } from '../generated/graphql.ts';
import { negative } from '../money.ts';
import { zoneFormat, zoneName } from '../zone.ts';

const SpendsQuery = graphql(`
  query AllSpends(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $search: String
    $brandId: ID
    $campaignId: ID
    $source: String
    $recordedBy: String
    $from: Date
    $to: Date
  ) {
    spends(
      first: $first
      after: $after
      last: $last
      before: $before
      search: $search
      brandId: $brandId
      campaignId: $campaignId
      source: $source
      recordedBy: $recordedBy
      from: $from
      to: $to
    ) {
      totalCount
      pageInfo {
        startCursor
        endCursor
      }
      edges {
        node {
          id
          amount
          occurredAt
          spendDate
          spendType
          source
          recordedBy
          description
          brand {
            id
            name
            currency
            timezone
          }
          campaign {
            id
            name
          }
        }
      }
    }
  }
`);

const Choices = graphql(`
  query SpendChoices($brandId: ID, $withCampaigns: Boolean!) {
    brands(first: 500, includeArchived: true) {
      edges {
        node {
          id
          name
        }
      }
    }
    campaigns(brandId: $brandId, first: 500, includeArchived: true) @include(if: $withCampaigns) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const SIZE = 50;
type Spend = AllSpendsQuery['spends']['edges'][number]['node'];
type Named = { id: string; name: string };

/** The filters, by their names in the hash and in the REST list's query. */
const FILTERS = {
  search: 'search',
  brand: 'brand',
  campaign: 'campaign',
  from: 'start_date',
  to: 'end_date',
  source: 'source',
  recordedBy: 'recorded_by',
} as const;
type Filters = Record<keyof typeof FILTERS, string>;
const NONE: Filters = { search: '', brand: '', campaign: '', from: '', to: '', source: '', recordedBy: '' };

/**
 * Which page: the first; the 50 after a cursor (`start`: the position of its first row); the 50
 * before one (`end`: the position of its last row); or the last 50. In the hash as `after` and
 * `start`, `before` and `end`, or `last=1`.
 */
type At = { first: true } | { after: string; start: number } | { before: string; end: number } | { last: true };
const FIRST: At = { first: true };

function fromHash(): { filters: Filters; at: At } {
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const filters = { ...NONE };
  for (const [key, name] of Object.entries(FILTERS)) filters[key as keyof Filters] = query.get(name) ?? '';
  const after = query.get('after');
  const before = query.get('before');
  const at: At = query.get('last')
    ? { last: true }
    : after
      ? { after, start: Math.max(1, Number(query.get('start')) || 1) }
      : before
        ? { before, end: Math.max(1, Number(query.get('end')) || 1) }
        : FIRST;
  return { filters, at };
}

/** The REST list's query for these filters (the hash's too, with the page). */
function queryOf(filters: Filters, at: At = FIRST): string {
  const query = new URLSearchParams();
  for (const [key, name] of Object.entries(FILTERS)) if (filters[key as keyof Filters]) query.set(name, filters[key as keyof Filters]);
  if ('after' in at) (query.set('after', at.after), query.set('start', String(at.start)));
  if ('before' in at) (query.set('before', at.before), query.set('end', String(at.end)));
  if ('last' in at) query.set('last', '1');
  return query.toString();
}

/** The query's page arguments for a page. */
const pageArgs = (at: At) =>
  'after' in at
    ? { first: SIZE, after: at.after }
    : 'before' in at
      ? { last: SIZE, before: at.before }
      : 'last' in at
        ? { last: SIZE }
        : { first: SIZE };

const count = (n: number) => n.toLocaleString('en');

export function AllSpends() {
  const [{ filters, at }, setView] = useState(fromHash);
  /** the rows shown, `start` the position of the first (1: the newest) */
  const [spends, setSpends] = useState<{ total: number; list: Spend[]; start: number; startCursor: string; endCursor: string } | null>(
    null,
  );
  const [choices, setChoices] = useState<{ brands: Named[]; campaigns: Named[] }>({ brands: [], campaigns: [] });
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0); // an answer that arrives after a newer request's is dropped

  const show = (next: Filters, nextAt: At) => {
    setView({ filters: next, at: nextAt });
    const query = queryOf(next, nextAt);
    history.replaceState(null, '', `#/spends${query ? `?${query}` : ''}`);
  };
  const filter = (key: keyof Filters, value: string) =>
    show({ ...filters, [key]: value, ...(key === 'brand' ? { campaign: '' } : {}) }, FIRST);

  useEffect(() => {
    const onHash = () => setView(fromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const mine = ++latest.current;
    gql(SpendsQuery, {
      ...pageArgs(at),
      search: filters.search || null,
      brandId: filters.brand || null,
      campaignId: filters.campaign || null,
      source: filters.source || null,
      recordedBy: filters.recordedBy || null,
      from: filters.from || null,
      to: filters.to || null,
    }).then(
      (data) => {
        if (mine !== latest.current) return;
        const list = data.spends.edges.map((e) => e.node);
        const total = data.spends.totalCount;
        const start =
          'after' in at
            ? at.start
            : 'before' in at
              ? Math.max(1, at.end - list.length + 1)
              : 'last' in at
                ? Math.max(1, total - list.length + 1)
                : 1;
        const { startCursor, endCursor } = data.spends.pageInfo;
        setSpends({ total, list, start, startCursor: startCursor ?? '', endCursor: endCursor ?? '' });
        setError(null);
      },
      (e: Error) => mine === latest.current && setError(e instanceof ApiError && e.field ? `${e.field}: ${e.message}` : e.message),
    );
  }, [filters, at]);

  useEffect(() => {
    gql(Choices, { brandId: filters.brand || null, withCampaigns: Boolean(filters.brand) }).then(
      (data) =>
        setChoices({
          brands: data.brands.edges.map((e) => e.node),
          campaigns: data.campaigns?.edges.map((e) => e.node) ?? [],
        }),
      (e: Error) => setError(e.message),
    );
  }, [filters.brand]);

  // the counts are those of the rows shown (the page asked for may still be loading)
  const total = spends?.total ?? 0;
  const start = spends?.start ?? 1;
  const end = start + (spends?.list.length ?? 0) - 1;
  const range = `${count(start)}–${count(end)} of ${count(total)}`;
  const atStart = start <= 1;
  const atEnd = end >= total;
  // a page past the end (the rows after its cursor are gone): the last page
  useEffect(() => {
    if (spends && spends.list.length === 0 && total > 0 && !('last' in at)) show(filters, { last: true });
  }, [spends]);
  const text = (key: keyof Filters, label: string, hint: string) => (
    <label>
      {label} <input type="search" value={filters[key]} placeholder={hint} onInput={(e) => filter(key, e.currentTarget.value)} />
    </label>
  );

  return (
    <main class="spends-page">
      <h2>Spends</h2>
      <form class="toolbar" role="search" aria-label="Filter spends" onSubmit={(e) => e.preventDefault()}>
        {text('search', 'Search', 'campaign or brand')}
        <label>
          Brand{' '}
          <select value={filters.brand} onChange={(e) => filter('brand', e.currentTarget.value)}>
            <option value="">all</option>
            {choices.brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        {filters.brand && (
          <label>
            Campaign{' '}
            <select value={filters.campaign} onChange={(e) => filter('campaign', e.currentTarget.value)}>
              <option value="">all</option>
              {choices.campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          From <input type="date" value={filters.from} onChange={(e) => filter('from', e.currentTarget.value)} />
        </label>
        <label>
          To <input type="date" value={filters.to} onChange={(e) => filter('to', e.currentTarget.value)} />
        </label>
        {text('source', 'Source', 'api, cli, …')}
        {text('recordedBy', 'Recorded by', 'key name')}
        <button type="button" onClick={() => show(NONE, FIRST)} disabled={queryOf(filters) === ''}>
          Clear filters
        </button>
        <ExportCsv path={`/api/spends/?${queryOf(filters)}`} filename="spends.csv" what="spends" />
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="count" role="status">
        {spends === null ? 'Loading…' : total === 0 ? 'No spends match.' : `Spends ${range}`}
      </p>
      <div class="scroll" tabIndex={0} role="region" aria-label="Spends table">
        <table class="spends">
          <thead>
            <tr>
              <th scope="col">Brand</th>
              <th scope="col">Campaign</th>
              <th scope="col">Amount</th>
              <th scope="col">Occurred at (brand's clock)</th>
              <th scope="col">Spend date</th>
              <th scope="col">Type</th>
              <th scope="col">Source</th>
              <th scope="col">Recorded by</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {spends?.list.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`#/brands/${s.brand.id}`}>{s.brand.name}</a>
                </td>
                <td>{s.campaign.name}</td>
                <td class={negative(s.amount) ? 'correction' : ''}>
                  {s.amount} {s.brand.currency}
                </td>
                <td>
                  <time dateTime={s.occurredAt}>
                    {zoneFormat(s.brand.timezone, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }, 'en-GB').format(
                      new Date(s.occurredAt),
                    )}
                  </time>{' '}
                  <span class="zone">{zoneName(s.brand.timezone)}</span>
                </td>
                <td>{s.spendDate}</td>
                <td>{s.spendType === 'MONTHLY' ? 'monthly fee' : 'daily'}</td>
                <td>{s.source}</td>
                <td class={s.recordedBy ? '' : 'unknown'}>{s.recordedBy ?? 'unknown'}</td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pages" aria-label="Pages of spends">
        <button type="button" disabled={atStart} onClick={() => show(filters, FIRST)}>
          First
        </button>
        <button
          type="button"
          disabled={atStart}
          onClick={() => show(filters, start - 1 <= SIZE ? FIRST : { before: spends!.startCursor, end: start - 1 })}
        >
          Previous
        </button>
        <span>
          Page {count(Math.max(1, Math.ceil(end / SIZE)))} of {count(Math.max(1, Math.ceil(total / SIZE)))}
        </span>
        <button type="button" disabled={atEnd} onClick={() => show(filters, { after: spends!.endCursor, start: end + 1 })}>
          Next
        </button>
        <button type="button" disabled={atEnd} onClick={() => show(filters, { last: true })}>
          Last
        </button>
      </nav>
    </main>
  );
}
