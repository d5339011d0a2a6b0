// A campaign's dayparting windows as a week: one row per day, 00:00 to 24:00 of the brand's wall
// clock. A window that ends at or before its start runs past midnight and is drawn across it,
// its tail on the next day's row (Sunday's on Monday's). Keys that may write edit the list under
// the grid (day, start, end, active) and save it whole (setSchedules); an error shows at the
// window and field it names (windows[2].endTime). A click on a day's row adds an hour there.
// With `propose`, the list is handed to the page instead of saved (a backtest's proposed windows).
import { useState } from 'preact/hooks';
import { gql, graphql } from './api.ts';
import { useDraft, useSubmit } from './Form.tsx';
import type { DayOfWeek } from './generated/graphql.ts';
import { DAYS, endsNextDay, pieces } from './week.ts';

export interface Window {
  dayOfWeek: DayOfWeek;
  startTime: string;
  endTime: string;
  isActive: boolean;
}

const SetSchedules = graphql(`
  mutation SetSchedules($campaignId: ID!, $windows: [WindowInput!]!) {
    setSchedules(campaignId: $campaignId, windows: $windows) {
      id
    }
  }
`);

const hhmm = (time: string) => time.slice(0, 5);
const byDayAndTime = (a: Window, b: Window) =>
  DAYS.indexOf(a.dayOfWeek) - DAYS.indexOf(b.dayOfWeek) || a.startTime.localeCompare(b.startTime) || a.endTime.localeCompare(b.endTime);
const title = (day: string) => day.charAt(0) + day.slice(1, 3).toLowerCase();

export function WeekEditor({
  campaign,
  timezone,
  writes,
  onSaved,
  propose,
}: {
  campaign: { id: string; name: string; schedules: Window[] };
  timezone: string;
  writes: boolean;
  onSaved: () => void;
  /** instead of saving: the windows as edited (then passed back as the campaign's schedules) */
  propose?: (windows: Window[]) => void;
}) {
  // (keyed by campaign: another campaign is another editor)
  const saved = campaign.schedules.map((w) => ({ ...w, startTime: hhmm(w.startTime), endTime: hhmm(w.endTime) }));
  // the same windows in any order are the same (the service answers them by day and start)
  const { draft, setDraft, changed, discard } = useDraft<Window[]>(saved, (ws) => JSON.stringify([...ws].sort(byDayAndTime)));
  const { error, setError, submit, pending } = useSubmit();
  const [status, setStatus] = useState<string | null>(null);
  const shown = writes ? draft : saved;
  const edit = (i: number, patch: Partial<Window>) => setDraft(draft.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  const add = (dayOfWeek: DayOfWeek, hour = 9) =>
    setDraft([
      ...draft,
      {
        dayOfWeek,
        startTime: `${String(hour).padStart(2, '0')}:00`,
        endTime: `${String((hour + 1) % 24).padStart(2, '0')}:00`,
        isActive: true,
      },
    ]);
  const errorAt = (i: number, field: string) => {
    if (error?.field !== `windows[${i}].${field}`) return null;
    return (
      <span class="error" role="alert" id={`w${i}-${field}-error`}>
        {error.message}
      </span>
    );
  };
  const invalid = (i: number, field: string) =>
    error?.field === `windows[${i}].${field}` ? { 'aria-invalid': true, 'aria-describedby': `w${i}-${field}-error` } : {};

  return (
    <div class="week-editor">
      <div
        class="week-grid"
        role="img"
        aria-label={`${campaign.name}: ${shown.filter((w) => w.isActive).length} active windows, ${timezone} time`}
      >
        <div class="hours" aria-hidden="true">
          <span />
          <div class="scale">
            {[0, 3, 6, 9, 12, 15, 18, 21].map((h) => (
              <span key={h} style={{ left: `${(h / 24) * 100}%` }}>
                {String(h).padStart(2, '0')}
              </span>
            ))}
          </div>
        </div>
        {DAYS.map((day, d) => (
          <div class="day" key={day}>
            <span class="name">{title(day)}</span>
            <div
              class="track"
              data-day={day}
              onClick={
                writes
                  ? (e) => {
                      const box = e.currentTarget.getBoundingClientRect();
                      add(day as DayOfWeek, Math.min(23, Math.floor(((e.clientX - box.left) / box.width) * 24)));
                    }
                  : undefined
              }
            >
              {shown.flatMap((w, i) =>
                pieces(w)
                  .filter((p) => p.day === d)
                  .map((p) => (
                    <span
                      key={`${i}-${p.tail}`}
                      onClick={(e) => e.stopPropagation()}
                      class={`slot${w.isActive ? '' : ' inactive'}${p.tail ? ' tail' : ''}`}
                      style={{ left: `${(p.from / 1440) * 100}%`, width: `${((p.to - p.from) / 1440) * 100}%` }}
                      title={`${title(w.dayOfWeek)} ${w.startTime}–${w.endTime}${endsNextDay(w) ? ' (next day)' : ''}${w.isActive ? '' : ', inactive'}`}
                    />
                  )),
              )}
            </div>
          </div>
        ))}
      </div>
      <p class="hint">
        {timezone} wall-clock time.{' '}
        {shown.some((w) => w.isActive)
          ? 'Outside these windows the campaign is paused (dayparting).'
          : 'No active window: the campaign may run at any time.'}
      </p>
      {writes && (
        <form
          class="windows"
          onSubmit={submit(async () => {
            setStatus(null);
            if (propose) propose([...draft].sort(byDayAndTime));
            else await gql(SetSchedules, { campaignId: campaign.id, windows: draft });
            setDraft([...draft].sort(byDayAndTime));
            setStatus(propose ? 'Windows proposed.' : 'Windows saved.');
            onSaved();
          })}
        >
          <ol>
            {draft.map((w, i) => (
              <li key={i} data-window={i}>
                <select
                  aria-label={`Window ${i + 1} day`}
                  value={w.dayOfWeek}
                  onChange={(e) => edit(i, { dayOfWeek: e.currentTarget.value as DayOfWeek })}
                  {...invalid(i, 'dayOfWeek')}
                >
                  {DAYS.map((d) => (
                    <option key={d} value={d}>
                      {d.charAt(0) + d.slice(1).toLowerCase()}
                    </option>
                  ))}
                </select>
                <input
                  type="time"
                  aria-label={`Window ${i + 1} start`}
                  value={w.startTime}
                  onInput={(e) => edit(i, { startTime: e.currentTarget.value })}
                  {...invalid(i, 'startTime')}
                />
                <span aria-hidden="true">–</span>
                <input
                  type="time"
                  aria-label={`Window ${i + 1} end`}
                  value={w.endTime}
                  onInput={(e) => edit(i, { endTime: e.currentTarget.value })}
                  {...invalid(i, 'endTime')}
                />
                {endsNextDay(w) && <span class="hint">ends next day</span>}
                <label>
                  <input
                    type="checkbox"
                    aria-label={`Window ${i + 1} active`}
                    checked={w.isActive}
                    onChange={(e) => edit(i, { isActive: e.currentTarget.checked })}
                  />{' '}
                  active
                </label>
                <button
                  type="button"
                  aria-label={`Remove window ${i + 1}`}
                  onClick={() => (setDraft(draft.filter((_, j) => j !== i)), setError(null))}
                >
                  Remove
                </button>
                {errorAt(i, 'dayOfWeek')}
                {errorAt(i, 'startTime')}
                {errorAt(i, 'endTime')}
              </li>
            ))}
          </ol>
          {error && !/^windows\[\d+\]\./.test(error.field ?? '') && (
            <p class="error" role="alert">
              {error.message}
            </p>
          )}
          <div class="actions">
            <button type="button" onClick={() => add('MONDAY')}>
              Add window
            </button>
            <button type="submit" disabled={!changed || pending}>
              {propose ? 'Propose windows' : 'Save windows'}
            </button>
            {changed && (
              <button type="button" onClick={() => (discard(), setError(null))}>
                Discard changes
              </button>
            )}
            {status && !changed && <span role="status">{status}</span>}
          </div>
        </form>
      )}
    </div>
  );
}
