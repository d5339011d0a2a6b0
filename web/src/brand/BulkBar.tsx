// The campaigns panel's bulk actions: Pause, Resume, Archive the campaigns selected (how many is
// shown), and Pause all / Resume all on the whole brand; each one transaction on the server, and
// what it did said in one line (bulk.ts); and the table's select-all box.
import { useEffect, useRef, useState } from 'preact/hooks';
import { gql, graphql } from '../api.ts';
import type { BulkOutcomeFragment } from '../generated/graphql.ts';
import type { BrandCampaign } from './types.ts';
import { n, said, type Act } from './bulk.ts';

graphql(`
  fragment BulkOutcome on CampaignsOutcome {
    changed {
      id
    }
    unchanged {
      id
    }
    statusChanges {
      campaignId
      fromStatus
      toStatus
      toReason
    }
  }
`);
const PauseMany = graphql(`
  mutation PauseCampaigns($ids: [ID!]!) {
    pauseCampaigns(ids: $ids) {
      ...BulkOutcome
    }
  }
`);
const ResumeMany = graphql(`
  mutation ResumeCampaigns($ids: [ID!]!) {
    resumeCampaigns(ids: $ids) {
      ...BulkOutcome
    }
  }
`);
const ArchiveMany = graphql(`
  mutation ArchiveCampaigns($ids: [ID!]!) {
    archiveCampaigns(ids: $ids) {
      ...BulkOutcome
    }
  }
`);
const PauseBrand = graphql(`
  mutation PauseBrand($id: ID!) {
    pauseBrand(id: $id) {
      ...BulkOutcome
    }
  }
`);
const ResumeBrand = graphql(`
  mutation ResumeBrand($id: ID!) {
    resumeBrand(id: $id) {
      ...BulkOutcome
    }
  }
`);

export function BulkBar({
  brandId,
  selected,
  onChanged,
  onError,
}: {
  brandId: string;
  /** the ids of the campaigns selected, in the panel's order */
  selected: string[];
  onChanged: () => Promise<void> | void;
  onError: (message: string | null) => void;
}) {
  const [line, setLine] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (act: Act, label: string, call: () => Promise<BulkOutcomeFragment>) => {
    if (busy) return;
    setBusy(true);
    try {
      const outcome = await call();
      setLine(`${label}: ${said(act, outcome)}`);
      onError(null);
      await onChanged();
    } catch (e) {
      setLine(null);
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const none = selected.length === 0;
  return (
    <div class="bulk" role="group" aria-label="Bulk actions">
      <p class="selected" aria-live="polite">
        {n(selected.length)} selected
      </p>
      <div class="bulk-buttons">
        <button
          type="button"
          disabled={none || busy}
          onClick={() => run('pause', 'Pause', async () => (await gql(PauseMany, { ids: selected })).pauseCampaigns)}
        >
          Pause selected
        </button>
        <button
          type="button"
          disabled={none || busy}
          onClick={() => run('resume', 'Resume', async () => (await gql(ResumeMany, { ids: selected })).resumeCampaigns)}
        >
          Resume selected
        </button>
        <button
          type="button"
          disabled={none || busy}
          onClick={() => run('archive', 'Archive', async () => (await gql(ArchiveMany, { ids: selected })).archiveCampaigns)}
        >
          Archive selected
        </button>
      </div>
      <div class="bulk-buttons">
        <span>Whole brand:</span>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            confirm(
              'Pause every campaign of this brand by hand? They stay paused past budget resets and windows, until someone resumes them.',
            ) && run('pause', 'Pause all', async () => (await gql(PauseBrand, { id: brandId })).pauseBrand)
          }
        >
          Pause all
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            confirm('Resume every campaign of this brand paused by hand, those held before too? Budgets and windows still apply.') &&
            run('resume', 'Resume all', async () => (await gql(ResumeBrand, { id: brandId })).resumeBrand)
          }
        >
          Resume all
        </button>
      </div>
      <p class="said" role="status">
        {line}
      </p>
    </div>
  );
}

/** The header's checkbox: every campaign shown that is not archived (the ones the bulk actions are for), or none. */
export function SelectAll({
  campaigns,
  picked,
  onPick,
}: {
  campaigns: BrandCampaign[];
  picked: ReadonlySet<string>;
  onPick: (next: ReadonlySet<string>) => void;
}) {
  const live = campaigns.filter((c) => !c.archivedAt).map((c) => c.id);
  const all = live.length > 0 && live.every((id) => picked.has(id));
  const some = !all && campaigns.some((c) => picked.has(c.id));
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = some;
  }, [some]);
  return (
    <input
      ref={box}
      type="checkbox"
      aria-label="Select all campaigns"
      checked={all}
      onChange={(e) => onPick(e.currentTarget.checked ? toggled(picked, live, true) : new Set())}
    />
  );
}

export function toggled(picked: ReadonlySet<string>, ids: string[], on: boolean): ReadonlySet<string> {
  const next = new Set(picked);
  for (const id of ids) on ? next.add(id) : next.delete(id);
  return next;
}
