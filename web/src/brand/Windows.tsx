// The dayparting windows of one campaign at a time, as a week (WeekEditor.tsx): the one picked here
// or from its row's "Windows" button, else the first one not archived.
import { WeekEditor } from '../WeekEditor.tsx';
import type { BrandCampaign } from './types.ts';

export function Windows({
  campaigns,
  selected,
  onSelect,
  timezone,
  writes,
  onSaved,
}: {
  campaigns: BrandCampaign[];
  selected: string;
  onSelect: (campaignId: string) => void;
  timezone: string;
  writes: boolean;
  onSaved: () => void;
}) {
  const editing = campaigns.find((c) => c.id === selected) ?? campaigns.find((c) => !c.archivedAt) ?? null;
  return (
    <section id="windows" aria-labelledby="windows-title">
      <h3 id="windows-title">Dayparting windows</h3>
      {editing ? (
        <>
          <label>
            Campaign{' '}
            <select value={editing.id} onChange={(e) => onSelect(e.currentTarget.value)}>
              {campaigns
                .filter((c) => !c.archivedAt)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
            </select>
          </label>
          <WeekEditor key={editing.id} campaign={editing} timezone={timezone} writes={writes} onSaved={onSaved} />
        </>
      ) : (
        <p class="hint">No campaign yet.</p>
      )}
    </section>
  );
}
