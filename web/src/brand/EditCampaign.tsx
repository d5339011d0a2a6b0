// A campaign's inline edit form (the campaigns panel's Edit): its name and its reference on an ad
// platform (platform and the platform's campaign id, both or neither). The service's refusal is
// shown at the field it names: a name or reference the brand has already (DUPLICATE_NAME,
// DUPLICATE_EXTERNAL_REF), a linked campaign's reference, which its ad account owns.
import { useState } from 'preact/hooks';
import { gql, graphql } from '../api.ts';
import { Field, FormError, useSubmit } from '../Form.tsx';
import type { BrandCampaign } from './types.ts';

const UpdateCampaign = graphql(`
  mutation UpdateCampaign($id: ID!, $input: UpdateCampaignInput!) {
    updateCampaign(id: $id, input: $input) {
      id
    }
  }
`);

export function EditCampaign({ campaign: c, onDone }: { campaign: BrandCampaign; onDone: (saved: boolean) => void }) {
  const [form, setForm] = useState({ name: c.name, platform: c.platform ?? '', externalCampaignId: c.externalCampaignId ?? '' });
  const { error, submit, pending } = useSubmit();
  const set = (field: keyof typeof form) => (e: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [field]: e.currentTarget.value });
  const id = `edit-${c.id}`;
  return (
    <form
      class="edit-campaign"
      aria-label={`Edit ${c.name}`}
      onKeyDown={(e) => e.key === 'Escape' && onDone(false)}
      onSubmit={submit(async () => {
        const platform = form.platform.trim() || null;
        const externalCampaignId = form.externalCampaignId.trim() || null;
        // only what changed: a linked campaign's reference, sent back as it is, is not a change
        const refChanged = platform !== (c.platform ?? null) || externalCampaignId !== (c.externalCampaignId ?? null);
        await gql(UpdateCampaign, {
          id: c.id,
          input: { ...(form.name !== c.name ? { name: form.name } : {}), ...(refChanged ? { platform, externalCampaignId } : {}) },
        });
        onDone(true);
      })}
    >
      <Field
        form={id}
        name="name"
        label="Name"
        error={error}
        input={(p) => <input {...p} required value={form.name} onInput={set('name')} />}
      />
      <Field
        form={id}
        name="platform"
        label="Platform"
        hint={c.adAccount ? 'from its ad account' : 'e.g. google; empty for none'}
        error={error}
        input={(p) => <input {...p} value={form.platform} onInput={set('platform')} />}
      />
      <Field
        form={id}
        name="externalCampaignId"
        label="Platform’s campaign id"
        error={error}
        input={(p) => <input {...p} value={form.externalCampaignId} onInput={set('externalCampaignId')} />}
      />
      <FormError error={error} fields={['name', 'platform', 'externalCampaignId']} />
      <button type="submit" disabled={pending}>
        Save
      </button>{' '}
      <button type="button" onClick={() => onDone(false)}>
        Cancel
      </button>
    </form>
  );
}
