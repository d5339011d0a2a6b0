// The form to record a spend or a correction (a negative amount) on one of a brand's campaigns,
// booked DAILY (the day and the month) or MONTHLY (a monthly fee: the month only).
// One id per spend as typed (source "dashboard", externalId): submitted again after a lost answer,
// it is recorded once.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { gql, graphql } from '../api.ts';
import { Field, FormError, useSubmit } from '../Form.tsx';
import type { SpendType } from '../generated/graphql.ts';
import { example, unitHint } from '../money.ts';

const RecordSpendDoc = graphql(`
  mutation RecordSpend($input: SpendInput!) {
    recordSpend(input: $input) {
      duplicate
      spend {
        amount
      }
      statusChanges {
        campaignName
        toReason
      }
    }
  }
`);

export function RecordSpend({
  currency,
  campaigns,
  onDone,
}: {
  /** the brand's: the amount is typed in its unit */
  currency: string;
  campaigns: { id: string; name: string }[];
  onDone: () => void;
}) {
  const [form, setForm] = useState({ campaignId: campaigns[0]?.id ?? '', amount: '', description: '', spendType: 'DAILY' as SpendType });
  const { error, submit, pending } = useSubmit();
  const [done, setDone] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  // One id per spend as typed: submitting it again after a lost answer records it once
  // (source "dashboard", externalId); a changed form or a recorded spend gets a new one.
  const externalId = useMemo(() => `dashboard-${randomId()}`, [form.campaignId, form.amount, form.description, form.spendType, round]);
  useEffect(() => {
    if (!campaigns.some((c) => c.id === form.campaignId)) setForm((f) => ({ ...f, campaignId: campaigns[0]?.id ?? '' }));
  }, [campaigns]);
  return (
    <form
      class="record"
      onSubmit={submit(async () => {
        setDone(null);
        const r = await gql(RecordSpendDoc, {
          input: {
            campaignId: form.campaignId,
            amount: form.amount.trim(),
            description: form.description,
            spendType: form.spendType,
            source: 'dashboard',
            externalId,
          },
        });
        setForm((f) => ({ ...f, amount: '', description: '', spendType: 'DAILY' }));
        setRound((n) => n + 1);
        const paused = r.recordSpend.statusChanges.length;
        setDone(
          `Recorded ${r.recordSpend.spend.amount}${r.recordSpend.duplicate ? ' (it had been recorded already)' : ''}${paused ? `; ${paused} campaign${paused === 1 ? '' : 's'} paused` : ''}.`,
        );
        onDone();
      })}
    >
      <h3>Record a spend or a correction</h3>
      <Field
        form="spend"
        name="campaignId"
        label="Campaign"
        error={error}
        input={(p) => (
          <select {...p} value={form.campaignId} onChange={(e) => setForm({ ...form, campaignId: e.currentTarget.value })}>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      />
      <Field
        form="spend"
        name="amount"
        label="Amount"
        hint={`exact, ${unitHint(currency)}; negative for a correction`}
        error={error}
        input={(p) => (
          <input
            {...p}
            inputMode="decimal"
            placeholder={example(25, currency)}
            value={form.amount}
            onInput={(e) => setForm({ ...form, amount: e.currentTarget.value })}
          />
        )}
      />
      <Field
        form="spend"
        name="description"
        label="Description"
        error={error}
        input={(p) => <input {...p} value={form.description} onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />}
      />
      <Field
        form="spend"
        name="spendType"
        label="Counts toward"
        hint="a monthly fee counts toward the month only: it never pauses today's campaigns"
        error={error}
        input={(p) => (
          <select {...p} value={form.spendType} onChange={(e) => setForm({ ...form, spendType: e.currentTarget.value as SpendType })}>
            <option value="DAILY">the day and the month (daily spend)</option>
            <option value="MONTHLY">the month only (monthly fee)</option>
          </select>
        )}
      />
      <FormError error={error} fields={['campaignId', 'amount', 'description', 'spendType']} />
      <button type="submit" disabled={pending}>
        Record
      </button>
      {done && <p role="status">{done}</p>}
    </form>
  );
}

/** 16 random bytes as hex (crypto.randomUUID needs a secure context; the dashboard may be served over plain HTTP on a LAN) */
function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
