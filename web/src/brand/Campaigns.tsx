// A brand's campaigns: status and pause reason (and every other rule that also holds, and the
// override it runs on: "running on override until 18:00 Europe/Paris — launch day, by alice"), today's and
// this month's spend, their windows (a click shows them in the week below), a linked campaign's
// state on its ad platform ("Google Ads: PAUSED (by us)", "Meta: ENABLED — will pause", the last
// push's error in red), and for keys that may write Pause (Hold on one a rule paused: a manual hold
// that outlasts the rule), Resume, Archive, Unarchive, Edit (EditCampaign), a checkbox each for
// the bulk actions under the table (BulkBar) and a form for a new campaign.
import { useRef, useState } from 'preact/hooks';
import { platformBadge } from '../adPlatforms.ts';
import { gql, graphql } from '../api.ts';
import { ExportCsv } from '../ExportCsv.tsx';
import { Field, FormError, useSubmit } from '../Form.tsx';
import type { PauseReason } from '../generated/graphql.ts';
import { liftsOf, runningOn, terms } from '../overrides.ts';
import { reason } from '../reasons.ts';
import { zoneFormat } from '../zone.ts';
import { BulkBar, SelectAll, toggled } from './BulkBar.tsx';
import { EditCampaign } from './EditCampaign.tsx';
import type { Brand, BrandCampaign } from './types.ts';

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

const ACTIONS = {
  pause: (id: string) => gql(Pause, { id }),
  resume: (id: string) => gql(Resume, { id }),
  archive: (id: string) => gql(Archive, { id }),
  unarchive: (id: string) => gql(Unarchive, { id }),
};

export function Campaigns({
  brandId,
  timezone,
  overrides,
  campaigns,
  totalCount,
  writes,
  onChanged,
  onError,
  onShowWindows,
}: {
  brandId: string;
  /** the brand's, for the overrides' times */
  timezone: string;
  /** the brand's overrides in force (each campaign names those that reach it) */
  overrides: Brand['overrides'];
  campaigns: BrandCampaign[];
  totalCount: number;
  writes: boolean;
  /** a campaign was changed or made: read the page again */
  onChanged: () => Promise<void> | void;
  /** an action's error, or null once one succeeds (shown at the top of the page) */
  onError: (message: string | null) => void;
  onShowWindows: (campaignId: string) => void;
}) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  /** each campaign's Edit button: focus goes back to it when its form closes */
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  const selected = campaigns.filter((c) => picked.has(c.id) && !c.archivedAt).map((c) => c.id);
  const when = zoneFormat(timezone, { dateStyle: 'medium', timeStyle: 'long' });
  const act = async (action: keyof typeof ACTIONS, campaignId: string) => {
    try {
      await ACTIONS[action](campaignId);
      onError(null);
      await onChanged();
    } catch (e) {
      onError((e as Error).message);
    }
  };

  const now = Date.now();
  const linked = campaigns.some((c) => c.adAccount);
  /** The overrides it runs on (those lifting a rule that holds now), or null. */
  const onOverride = (c: BrandCampaign) => {
    const reaching = overrides.filter((o) => c.overrides.some((x) => x.id === o.id));
    const on = runningOn(reaching, c.liftedReasons);
    return on.length ? on : null;
  };
  return (
    <>
      <h3 id="campaigns-heading">Campaigns</h3>
      <ExportCsv path={`/api/campaigns/?brand=${brandId}&include_archived=true`} filename="campaigns.csv" what="campaigns" />
      {/* focusable: a keyboard scrolls it sideways on a phone */}
      <div class="scroll" tabIndex={0} role="region" aria-labelledby="campaigns-heading">
        <table>
          <thead>
            <tr>
              {writes && (
                <td>
                  <SelectAll campaigns={campaigns} picked={picked} onPick={setPicked} />
                </td>
              )}
              <th scope="col">Campaign</th>
              <th scope="col">Status</th>
              <th scope="col">Today</th>
              <th scope="col">This month</th>
              <th scope="col">Windows</th>
              {linked && <th scope="col">Ad platform</th>}
              {writes && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => [
              <tr key={c.id} data-campaign={c.name}>
                {writes && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${c.name}`}
                      checked={picked.has(c.id) && !c.archivedAt}
                      disabled={Boolean(c.archivedAt)}
                      onChange={(e) => setPicked(toggled(picked, [c.id], e.currentTarget.checked))}
                    />
                  </td>
                )}
                <th scope="row">{c.name}</th>
                <td class={`status ${c.archivedAt ? 'archived' : onOverride(c) ? 'override' : c.status.toLowerCase()}`}>
                  {c.archivedAt
                    ? 'archived'
                    : c.status === 'ACTIVE'
                      ? onOverride(c)
                        ? `running on override ${onOverride(c)!
                            .map((o) => terms(o, timezone, now))
                            .join('; ')}`
                        : 'active'
                      : `paused: ${reason(c.pauseReason ?? null)}`}
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
                  {c.status === 'PAUSED' && !c.archivedAt && onOverride(c) && (
                    <span class="also">
                      {' '}
                      (an override lifts its {liftsOf(c.liftedReasons)} {terms(onOverride(c)![0]!, timezone, now)})
                    </span>
                  )}
                </td>
                <td>{c.dailySpend}</td>
                <td>{c.monthlySpend}</td>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-label={`${summary(c.schedules)}: windows of ${c.name}`}
                    onClick={() => onShowWindows(c.id)}
                  >
                    {summary(c.schedules)}
                  </button>
                </td>
                {linked && <td class="on-platform">{c.adAccount && c.platformState && <PlatformBadge campaign={c} when={when} />}</td>}
                {writes && (
                  <td class="actions">
                    {!c.archivedAt && c.pauseReason !== 'MANUAL' && !holdHint(c) && (
                      <button type="button" aria-label={`Pause ${c.name}`} onClick={() => act('pause', c.id)}>
                        Pause
                      </button>
                    )}
                    {!c.archivedAt && holdHint(c) && (
                      <button
                        type="button"
                        title={holdHint(c)!}
                        aria-label={`Hold ${c.name}: ${holdHint(c)}`}
                        onClick={() => act('pause', c.id)}
                      >
                        Hold
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
                    <button
                      type="button"
                      aria-label={`Edit ${c.name}`}
                      aria-expanded={editing === c.id}
                      ref={(el) => {
                        if (el) editButtons.current.set(c.id, el);
                        else editButtons.current.delete(c.id);
                      }}
                      onClick={() => setEditing(editing === c.id ? null : c.id)}
                    >
                      Edit
                    </button>
                  </td>
                )}
              </tr>,
              editing === c.id && (
                <tr key={`${c.id}-edit`} class="editing">
                  <td colSpan={5 + (linked ? 1 : 0) + (writes ? 2 : 0)}>
                    <EditCampaign
                      campaign={c}
                      onDone={(saved) => {
                        setEditing(null);
                        editButtons.current.get(c.id)?.focus();
                        if (saved) void onChanged();
                      }}
                    />
                  </td>
                </tr>
              ),
            ])}
          </tbody>
        </table>
      </div>
      {writes && (
        <BulkBar
          brandId={brandId}
          selected={selected}
          onChanged={() => {
            setPicked(new Set());
            return onChanged();
          }}
          onError={onError}
        />
      )}
      {totalCount > campaigns.length && (
        <p class="hint">
          The first {campaigns.length} of {totalCount} campaigns, by name.
        </p>
      )}
      {writes && <NewCampaign brandId={brandId} onDone={onChanged} />}
    </>
  );
}

/** On a campaign a rule paused, what pausing it by hand does beyond what holds now; null otherwise. */
function holdHint(c: BrandCampaign): string | null {
  if (c.pauseReason === 'DAILY_BUDGET' || c.pauseReason === 'MONTHLY_BUDGET')
    return 'Pause by hand: stays paused after the budget resets, until someone resumes it';
  if (c.pauseReason === 'DAYPARTING') return 'Pause by hand: stays paused when its window opens, until someone resumes it';
  return null;
}

/** Its state on its ad platform, and the last push's error; when it was last read or set in its title. */
function PlatformBadge({ campaign: c, when }: { campaign: BrandCampaign; when: Intl.DateTimeFormat }) {
  const state = c.platformState!;
  const badge = platformBadge(c.adAccount!.platform, state);
  return (
    <>
      <span class={`platform-badge ${badge.tone}`} title={state.syncedAt ? `as of ${when.format(new Date(state.syncedAt))}` : undefined}>
        {badge.text}
      </span>
      {state.lastError && <span class="error platform-error">{state.lastError}</span>}
    </>
  );
}

/** "3 windows", "always on" */
function summary(windows: BrandCampaign['schedules']): string {
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
