// A brand's emergency overrides in force (Brand.overrides): what each lets run and until when, and,
// for keys that may write, Cancel on each and a form to start one for a campaign or the whole brand.
// The until time is typed on the brand's clock and sent as an instant; the service refuses one in
// the past or past the end of the brand's month, at the field.
import { useState } from 'preact/hooks';
import { ApiError, gql, graphql } from '../api.ts';
import { Field, FormError, useSubmit } from '../Form.tsx';
import type { PauseReason } from '../generated/graphql.ts';
import { liftsOf, terms } from '../overrides.ts';
import { reason } from '../reasons.ts';
import { shownZone, wallToInstant } from '../zone.ts';
import type { Brand } from './types.ts';

const Start = graphql(`
  mutation StartOverride($input: StartOverrideInput!) {
    startOverride(input: $input) {
      id
    }
  }
`);

const Cancel = graphql(`
  mutation CancelOverride($id: ID!) {
    cancelOverride(id: $id) {
      id
    }
  }
`);

const LIFTABLE: PauseReason[] = ['DAILY_BUDGET', 'MONTHLY_BUDGET', 'DAYPARTING'];
const EVERY = '';

export function Overrides({
  brand,
  writes,
  onChanged,
  onError,
}: {
  brand: Brand;
  writes: boolean;
  onChanged: () => Promise<void> | void;
  onError: (message: string | null) => void;
}) {
  const target = (campaignId: string | null | undefined) =>
    campaignId ? (brand.campaigns.edges.find((e) => e.node.id === campaignId)?.node.name ?? 'a campaign') : 'Every campaign';
  const cancel = async (id: string) => {
    try {
      await gql(Cancel, { id });
      onError(null);
      await onChanged();
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <>
      <h3>Overrides</h3>
      {brand.overrides.length === 0 ? (
        <p class="hint">None in force: every campaign follows its budgets and windows.</p>
      ) : (
        <ul class="overrides">
          {brand.overrides.map((o) => (
            <li key={o.id} data-override={o.id}>
              <strong>{target(o.campaignId)}</strong> may run despite its {liftsOf(o.lifts)} {terms(o, brand.timezone)}
              {writes && (
                <>
                  {' '}
                  <button type="button" aria-label={`Cancel the override of ${target(o.campaignId)}`} onClick={() => cancel(o.id)}>
                    Cancel
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {writes && <StartOverride brand={brand} onDone={onChanged} />}
    </>
  );
}

function StartOverride({ brand, onDone }: { brand: Brand; onDone: () => Promise<void> | void }) {
  const empty = { campaignId: EVERY, lifts: ['DAILY_BUDGET'] as PauseReason[], until: '', reason: '' };
  const [form, setForm] = useState(empty);
  const { error, submit, pending } = useSubmit();
  const campaigns = brand.campaigns.edges.map((e) => e.node).filter((c) => !c.archivedAt);
  const toggle = (r: PauseReason) =>
    setForm({
      ...form,
      lifts: form.lifts.includes(r) ? form.lifts.filter((x) => x !== r) : LIFTABLE.filter((x) => x === r || form.lifts.includes(x)),
    });
  return (
    <details class="create">
      <summary>Start an override</summary>
      <form
        class="override"
        onSubmit={submit(async () => {
          const until = wallToInstant(form.until, shownZone(brand.timezone));
          if (!until) throw new ApiError('give a date and a time on the brand’s clock', 'INVALID_ARGUMENT', 'until');
          await gql(Start, {
            input: {
              ...(form.campaignId === EVERY ? { brandId: brand.id } : { campaignId: form.campaignId }),
              lifts: form.lifts,
              until: until.toISOString(),
              reason: form.reason,
            },
          });
          setForm(empty);
          await onDone();
        })}
      >
        <p class="hint">
          Budgets are soft limits: an override lets campaigns run past them (or outside their windows) until the time you give, at most the
          end of the brand’s month. Spend still counts and alerts still fire; an operator’s pause is never lifted.
        </p>
        <Field
          form="override"
          name={form.campaignId === EVERY ? 'brandId' : 'campaignId'}
          label="Campaign"
          error={error}
          input={(p) => (
            <select {...p} value={form.campaignId} onChange={(e) => setForm({ ...form, campaignId: e.currentTarget.value })}>
              <option value={EVERY}>Every campaign of {brand.name}</option>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        />
        <fieldset class="lifts">
          <legend>Run despite</legend>
          {LIFTABLE.map((r) => (
            <label key={r}>
              <input type="checkbox" name="lifts" value={r} checked={form.lifts.includes(r)} onChange={() => toggle(r)} /> its {reason(r)}
            </label>
          ))}
        </fieldset>
        <Field
          form="override"
          name="until"
          label="Until"
          hint={`on the brand’s clock (${shownZone(brand.timezone)})`}
          error={error}
          input={(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              value={form.until}
              onInput={(e) => setForm({ ...form, until: e.currentTarget.value })}
            />
          )}
        />
        <Field
          form="override"
          name="reason"
          label="Reason"
          hint="shown wherever the campaign's status is"
          error={error}
          input={(p) => <input {...p} required value={form.reason} onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />}
        />
        <FormError error={error} fields={['campaignId', 'brandId', 'until', 'reason']} />
        <button type="submit" disabled={pending}>
          Start override
        </button>
      </form>
    </details>
  );
}
