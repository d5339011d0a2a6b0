// The brand form, one for both uses: "New brand" on the overview (its name and currency, fixed
// once created, then the rest) and "Change budgets, timezone or alerts" on a brand's page (its
// timezone, budgets and alert thresholds; the draft follows live updates until edited). An empty
// budget is no limit. Every error of an answer shows at the field it names, all at once.
import { ApiError, gql, graphql } from './api.ts';
import { Field, FormError, Timezones, useDraft, useSubmit } from './Form.tsx';
import { example, unitHint } from './money.ts';
import { useState } from 'preact/hooks';

const CreateBrand = graphql(`
  mutation CreateBrand($input: CreateBrandInput!) {
    createBrand(input: $input) {
      id
    }
  }
`);

const UpdateBrand = graphql(`
  mutation UpdateBrand($id: ID!, $input: UpdateBrandInput!) {
    updateBrand(id: $id, input: $input) {
      id
    }
  }
`);

/** The brand being changed (absent: a new one). */
export interface SavedBrand {
  id: string;
  currency: string;
  timezone: string;
  dailyBudget?: string | null;
  monthlyBudget?: string | null;
  alertThresholds: number[];
}

const NEW = { name: '', currency: 'USD', timezone: 'UTC', dailyBudget: '', monthlyBudget: '', alertThresholds: '80, 95' };
type Draft = typeof NEW;

export function BrandForm({ brand, onSaved }: { brand?: SavedBrand; onSaved: (id: string) => void }) {
  const saved: Draft = brand
    ? {
        name: '',
        currency: brand.currency,
        timezone: brand.timezone,
        dailyBudget: brand.dailyBudget ?? '',
        monthlyBudget: brand.monthlyBudget ?? '',
        alertThresholds: brand.alertThresholds.join(', '),
      }
    : NEW;
  const { draft: form, setDraft: setForm } = useDraft(saved);
  const { error: raw, submit, pending } = useSubmit();
  // the service names one threshold (alertThresholds[1]); the form has one field for the list
  const listed = (e: ApiError) => (e.field?.startsWith('alertThresholds[') ? new ApiError(e.message, e.code, 'alertThresholds') : e);
  const [first, ...more] = raw?.all.map(listed) ?? [];
  const error = first ? new ApiError(first.message, first.code, first.field, more) : null;
  const [done, setDone] = useState(false);
  const set = (field: keyof Draft) => (e: { currentTarget: HTMLInputElement }) =>
    // a currency code is upper-case (ISO 4217): "usd" shows as USD while typed (the service reads it so too)
    (setForm({ ...form, [field]: field === 'currency' ? e.currentTarget.value.toUpperCase() : e.currentTarget.value }), setDone(false));
  const id = brand ? 'edit' : 'brand'; // the fields' ids: edit-timezone, brand-timezone
  const unit = brand ? ` (${brand.currency})` : '';
  // amounts are typed in the currency's unit (a new brand's: as typed so far)
  const currency = brand?.currency ?? (form.currency.trim().toUpperCase() || 'USD');
  const hint = `empty: no limit; ${unitHint(currency)}`;
  const fields = [...(brand ? [] : ['name', 'currency']), 'timezone', 'dailyBudget', 'monthlyBudget', 'alertThresholds'];

  const save = async () => {
    const policy = {
      dailyBudget: form.dailyBudget.trim() || null,
      monthlyBudget: form.monthlyBudget.trim() || null,
      alertThresholds: thresholds(form.alertThresholds),
    };
    if (brand) {
      await gql(UpdateBrand, { id: brand.id, input: { ...policy, timezone: form.timezone.trim() } });
      setDone(true);
      onSaved(brand.id);
    } else {
      const { createBrand } = await gql(CreateBrand, {
        input: { ...policy, name: form.name, currency: form.currency.trim() || null, timezone: form.timezone.trim() || null },
      });
      setForm(NEW);
      onSaved(createBrand.id);
    }
  };

  return (
    <details class="create">
      <summary>{brand ? 'Change budgets, timezone or alerts' : 'New brand'}</summary>
      <form onSubmit={submit(save)}>
        {!brand && (
          <>
            <Field
              form={id}
              name="name"
              label="Name"
              error={error}
              input={(p) => <input {...p} required value={form.name} onInput={set('name')} />}
            />
            <Field
              form={id}
              name="currency"
              label="Currency"
              hint="ISO 4217; fixed once created"
              error={error}
              input={(p) => <input {...p} size={4} value={form.currency} onInput={set('currency')} />}
            />
          </>
        )}
        <Field
          form={id}
          name="timezone"
          label="Timezone"
          error={error}
          input={(p) => (
            <>
              <input {...p} list={`${id}-timezones`} value={form.timezone} onInput={set('timezone')} />
              <Timezones id={`${id}-timezones`} />
            </>
          )}
        />
        <Field
          form={id}
          name="dailyBudget"
          label={`Daily budget${unit}`}
          hint={hint}
          error={error}
          input={(p) => (
            <input
              {...p}
              inputMode="decimal"
              placeholder={brand ? undefined : example(500, currency)}
              value={form.dailyBudget}
              onInput={set('dailyBudget')}
            />
          )}
        />
        <Field
          form={id}
          name="monthlyBudget"
          label={`Monthly budget${unit}`}
          hint={hint}
          error={error}
          input={(p) => (
            <input
              {...p}
              inputMode="decimal"
              placeholder={brand ? undefined : example(12000, currency)}
              value={form.monthlyBudget}
              onInput={set('monthlyBudget')}
            />
          )}
        />
        <Field
          form={id}
          name="alertThresholds"
          label="Alert at (% of each budget)"
          hint="like 80, 95; empty: no alerts"
          error={error}
          input={(p) => <input {...p} inputMode="numeric" value={form.alertThresholds} onInput={set('alertThresholds')} />}
        />
        <FormError error={error} fields={fields} />
        <button type="submit" disabled={pending}>
          {brand ? 'Save' : 'Create brand'}
        </button>
        {done && <span role="status">Saved; the rules were applied to its campaigns.</span>}
      </form>
    </details>
  );
}

/** "80, 95" → [80, 95]; the service checks the range, this only that each is a whole number. */
function thresholds(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((t) => {
      if (!/^\d{1,3}$/.test(t)) throw new ApiError(`"${t}" is not a whole percent`, 'INVALID_ARGUMENT', 'alertThresholds');
      return Number(t);
    });
}
