// One brand: its budgets and pacing, the brand form (BrandForm.tsx) and archiving for keys that
// may write (an archived brand says so, with its campaigns stopped and Unarchive at hand), and
// its panels, each in its own file: what changes next on its own (NextChanges), its campaigns
// with their states on their ad platforms (Campaigns), its ad accounts (AdAccounts), its emergency
// overrides (Overrides), their dayparting windows as a week (Windows), its
// spends and the form to record one (Spends), and its audit trail (AuditTrail). Times are the brand's own (its timezone). It reads
// itself again when one of its campaigns changes or a spend moves its figures, in any process; a
// whole read (not the figures alone) also has the panels that read with it read again (`round`).
import { useEffect, useRef, useState } from 'preact/hooks';
import { gql, graphql, type Me } from '../api.ts';
import { BrandForm } from '../BrandForm.tsx';
import { Budget } from '../Budget.tsx';
import type { Live } from '../live.ts';
import { paceLine } from '../pacing.ts';
import { zoneFormat, zoneName } from '../zone.ts';
import { pending } from '../adPlatforms.ts';
import { AdAccounts } from './AdAccounts.tsx';
import { AuditTrail } from './AuditTrail.tsx';
import { Campaigns } from './Campaigns.tsx';
import { NextChanges } from './NextChanges.tsx';
import { Overrides } from './Overrides.tsx';
import { Spends } from './Spends.tsx';
import type { Brand, BrandCampaign } from './types.ts';
import { Windows } from './Windows.tsx';

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
      archivedAt
      adAccounts {
        id
      }
      overrides {
        id
        campaignId
        lifts
        until
        reason
        createdBy
      }
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
            platform
            externalCampaignId
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

const ArchiveBrand = graphql(`
  mutation ArchiveBrand($id: ID!) {
    archiveBrand(id: $id) {
      id
    }
  }
`);
const UnarchiveBrand = graphql(`
  mutation UnarchiveBrand($id: ID!) {
    unarchiveBrand(id: $id) {
      id
    }
  }
`);

// Which of its campaigns run on an override: asked apart, and only when the brand has one in force
// (the page's query is near the service's cost ceiling with 500 campaigns).
const OverrideStateQuery = graphql(`
  query BrandOverrideState($id: ID!) {
    brand(id: $id) {
      id
      campaigns(first: 500, includeArchived: true) {
        edges {
          node {
            id
            liftedReasons
            overrides {
              id
            }
          }
        }
      }
    }
  }
`);

// Its campaigns on their ad platforms: asked apart, and only when the brand has an ad account.
const PlatformStateQuery = graphql(`
  query BrandPlatformStates($id: ID!) {
    brand(id: $id) {
      id
      campaigns(first: 500, includeArchived: true) {
        edges {
          node {
            id
            adAccount {
              id
              platform
            }
            platformState {
              desired
              actual
              pausedByUs
              syncedAt
              lastError
            }
          }
        }
      }
    }
  }
`);

type PlatformStates = Map<string, Pick<BrandCampaign, 'adAccount' | 'platformState'>>;

const platformStates = async (id: string): Promise<PlatformStates> =>
  new Map((await gql(PlatformStateQuery, { id })).brand?.campaigns.edges.map((e) => [e.node.id, e.node]) ?? []);

/** The campaigns with their platform states (none where `states` has no word of them). */
function withPlatformStates(brand: Brand, states: PlatformStates): Brand {
  const edges = brand.campaigns.edges.map((e) => ({
    node: { ...e.node, adAccount: states.get(e.node.id)?.adAccount ?? null, platformState: states.get(e.node.id)?.platformState ?? null },
  }));
  return { ...brand, campaigns: { ...brand.campaigns, edges } };
}

/**
 * The page's answer, each campaign with the rules an override lifts for it and the overrides that
 * reach it, and its ad account and state on its platform.
 */
async function read(id: string): Promise<Brand | null> {
  const page = (await gql(BrandQuery, { id })).brand ?? null;
  if (!page) return null;
  const [state, platforms] = await Promise.all([
    page.overrides.length ? gql(OverrideStateQuery, { id }).then((r) => r.brand) : null,
    page.adAccounts.length ? platformStates(id) : (new Map() as PlatformStates),
  ]);
  const byId = new Map(state?.campaigns.edges.map((e) => [e.node.id, e.node]) ?? []);
  const edges = page.campaigns.edges.map((e) => ({
    node: {
      ...e.node,
      liftedReasons: byId.get(e.node.id)?.liftedReasons ?? [],
      overrides: byId.get(e.node.id)?.overrides ?? [],
      adAccount: null,
      platformState: null,
    },
  }));
  return withPlatformStates({ ...page, campaigns: { ...page.campaigns, edges } }, platforms);
}

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

export function BrandPage({ id, me, live }: { id: string; me: Me; live: Live }) {
  const [brand, setBrand] = useState<Brand | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [selected, setSelected] = useState<string>('');
  const writes = me.role === 'admin' || me.role === 'operator';

  const latest = useRef(0); // an answer that arrives after a newer request's is dropped
  /** with `whole`, the panels that read with the page (what changes next, the audit trail) read again too */
  const load = async (whole = true) => {
    if (whole) setRound((n) => n + 1);
    const mine = ++latest.current;
    try {
      const loaded = await read(id);
      if (mine !== latest.current) return;
      setBrand(loaded);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
    // live updates carry every change through the API; this catches a new day or month starting
    const timer = setInterval(() => void load(false), 60_000);
    return () => clearInterval(timer);
  }, [id, live.epoch]);
  // one of its campaigns paused or resumed, in any process: read it again
  useEffect(() => {
    if (live.lastEvent?.brandId === id) void load();
  }, [live.lastEvent]);
  // a spend moved its figures, in any process: its figures and campaigns again (Spends reads its
  // list; a spend that pauses something also sends its events, which read the rest)
  useEffect(() => {
    if (live.moved?.id === id) void load(false);
  }, [live.moved]);
  // a pause or resume on its way to an ad platform (pushed seconds after it commits, with no event
  // of its own): the platform states again every 3 s until it has landed, for 2 minutes at most
  // after a whole read (a platform that asks to wait longer is caught by the minute's read)
  const waiting = brand?.campaigns.edges.some((e) => e.node.platformState && pending(e.node.platformState)) ?? false;
  useEffect(() => {
    if (!waiting) return;
    let tries = 40;
    const timer = setInterval(async () => {
      if (--tries <= 0) clearInterval(timer);
      const mine = latest.current;
      const states = await platformStates(id).catch(() => null);
      if (states && mine === latest.current) setBrand((b) => b && withPlatformStates(b, states));
    }, 3_000);
    return () => clearInterval(timer);
  }, [waiting, id, round]);

  if (brand === undefined) return <p class="notice">{error ?? 'Loading…'}</p>;
  if (brand === null)
    return (
      <p class="notice">
        No such brand (or this key may not see it). <a href="#/">All brands</a>
      </p>
    );

  const when = zoneFormat(brand.timezone, { dateStyle: 'medium', timeStyle: 'short' });
  const hour = zoneFormat(brand.timezone, { hour: '2-digit', minute: '2-digit' }, 'en-GB');
  const day = zoneFormat(brand.timezone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }, 'en-GB');
  const campaigns = brand.campaigns.edges.map((e) => e.node);
  const archive = async (archived: boolean) => {
    try {
      await (archived ? gql(ArchiveBrand, { id: brand.id }) : gql(UnarchiveBrand, { id: brand.id }));
      setError(null);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <main class="brand">
      <p>
        <a href="#/">← All brands</a>
      </p>
      <h2>{brand.name}</h2>
      <p class="tz">
        Times in {zoneName(brand.timezone)}; money in {brand.currency}.
      </p>
      <div class="budgets">
        <Budget
          title="Today"
          label="Today: budget used"
          spent={brand.dailySpend}
          budget={brand.dailyBudget ?? null}
          currency={brand.currency}
          runsOutAt={brand.pacing.daily.runsOutAt}
        />
        <Budget
          title="This month"
          label="This month: budget used"
          spent={brand.monthlySpend}
          budget={brand.monthlyBudget ?? null}
          currency={brand.currency}
          runsOutAt={brand.pacing.monthly.runsOutAt}
        />
      </div>
      <ul class="pace" aria-label="Pacing">
        <li>Today: {paceLine(brand.pacing.daily, brand.timezone, hour)}</li>
        <li>This month: {paceLine(brand.pacing.monthly, brand.timezone, day)}</li>
        <li class="hint">
          {brand.pacing.method === 'CURVE' ? "Projected from the brand's hours of the last 28 days" : 'Projected linearly (little history)'}
          , over the hours its campaigns may run.
        </li>
      </ul>
      {brand.archivedAt && (
        <p class="archived-note" role="status">
          Archived {when.format(new Date(brand.archivedAt))}: hidden from the list of brands, its campaigns paused by an operator (they stay
          paused when it is unarchived), its history kept.{' '}
          {writes && (
            <button type="button" onClick={() => void archive(false)}>
              Unarchive
            </button>
          )}
        </p>
      )}
      {writes && <BrandForm brand={brand} onSaved={() => void load()} />}
      {writes && !brand.archivedAt && (
        <p>
          <button
            type="button"
            class="danger"
            onClick={() =>
              confirm(`Archive ${brand.name}? It leaves the list of brands and every campaign of it is paused; its history is kept.`) &&
              void archive(true)
            }
          >
            Archive brand
          </button>
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}

      <NextChanges brandId={brand.id} timezone={brand.timezone} round={round} />
      <Campaigns
        brandId={brand.id}
        timezone={brand.timezone}
        overrides={brand.overrides}
        campaigns={campaigns}
        totalCount={brand.campaigns.totalCount}
        writes={writes}
        onChanged={() => load()}
        onError={setError}
        onShowWindows={(campaignId) => (setSelected(campaignId), document.getElementById('windows')?.scrollIntoView())}
      />
      <AdAccounts brand={brand} writes={writes} round={round} onChanged={() => load()} />
      <Overrides brand={brand} writes={writes} onChanged={() => load()} onError={setError} />
      <Windows
        campaigns={campaigns}
        selected={selected}
        onSelect={setSelected}
        timezone={brand.timezone}
        writes={writes}
        onSaved={() => void load()}
      />
      <Spends
        brandId={brand.id}
        currency={brand.currency}
        campaigns={campaigns}
        when={when}
        writes={writes}
        live={live}
        round={round}
        onRecorded={() => void load()}
      />
      <AuditTrail brandId={brand.id} campaigns={campaigns} when={when} round={round} onError={setError} />
    </main>
  );
}
