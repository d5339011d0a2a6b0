// A brand's spends, newest first, filtered by campaign and dates, with what each counts toward
// (its spend type) and who recorded it ("unknown" for spends from before that was kept), and for
// keys that may write the form to record a spend or a correction (RecordSpend.tsx). Read again when a spend moves the
// brand's figures, in any process, when live updates start again, and with each whole read of the
// page (`round`: an ad account's sync books spends the live feed does not carry).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, gql, graphql } from '../api.ts';
import type { BrandSpendsQuery } from '../generated/graphql.ts';
import type { Live } from '../live.ts';
import { negative } from '../money.ts';
import type { BrandCampaign } from './types.ts';
import { RecordSpend } from './RecordSpend.tsx';

const SpendsQuery = graphql(`
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
          spendType
          recordedBy
          campaign {
            name
          }
        }
      }
    }
  }
`);

type Spend = BrandSpendsQuery['spends']['edges'][number]['node'];
type Filter = { campaignId: string; from: string; to: string };

export function Spends({
  brandId,
  currency,
  campaigns,
  when,
  writes,
  live,
  round,
  onRecorded,
}: {
  brandId: string;
  /** the brand's: amounts are typed in its unit */
  currency: string;
  campaigns: BrandCampaign[];
  /** an instant on the brand's clock */
  when: Intl.DateTimeFormat;
  writes: boolean;
  live: Live;
  round: number;
  /** a spend was recorded here: read the page again (and so this list: `round`) */
  onRecorded: () => void;
}) {
  const [filter, setFilter] = useState<Filter>({ campaignId: '', from: '', to: '' });
  const [spends, setSpends] = useState<{ total: number; list: Spend[] }>({ total: 0, list: [] });
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(0); // an answer that arrives after a newer request's is dropped
  const load = async () => {
    const mine = ++latest.current;
    try {
      const loaded = await spendsOf(brandId, filter);
      if (mine !== latest.current) return;
      setSpends(loaded);
      setError(null);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };
  useEffect(() => void load(), [brandId, filter, live.epoch, round]);
  // a spend moved its figures, in any process
  useEffect(() => {
    if (live.moved?.id === brandId) void load();
  }, [live.moved]);

  return (
    <>
      <h3 id="spends-heading">Spends</h3>
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
        {error && (
          <span class="error" role="alert">
            {error.field ? `${error.field}: ` : ''}
            {error.message}
          </span>
        )}
      </div>
      {/* focusable: a keyboard scrolls it sideways on a phone */}
      <div class="scroll" tabIndex={0} role="region" aria-labelledby="spends-heading">
        <table class="spends">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Campaign</th>
              <th scope="col">Amount</th>
              <th scope="col">Description</th>
              <th scope="col">Counts toward</th>
              <th scope="col">Source</th>
              <th scope="col">Recorded by</th>
            </tr>
          </thead>
          <tbody>
            {spends.list.map((s) => (
              <tr key={s.id}>
                <td>{when.format(new Date(s.occurredAt))}</td>
                <td>{s.campaign.name}</td>
                <td class={negative(s.amount) ? 'correction' : ''}>{s.amount}</td>
                <td>{s.description}</td>
                <td>{s.spendType === 'MONTHLY' ? 'the month only' : 'the day and the month'}</td>
                <td>{s.source}</td>
                <td class={s.recordedBy ? '' : 'unknown'}>{s.recordedBy ?? 'unknown'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {writes && <RecordSpend currency={currency} campaigns={campaigns.filter((c) => !c.archivedAt)} onDone={onRecorded} />}
    </>
  );
}

async function spendsOf(brandId: string, filter: Filter) {
  const data = await gql(SpendsQuery, { brandId, campaignId: filter.campaignId || null, from: filter.from || null, to: filter.to || null });
  return { total: data.spends.totalCount, list: data.spends.edges.map((e) => e.node) };
}
