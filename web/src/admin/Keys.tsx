// API keys (#/keys, admin keys only, as the API allows): make one (name, role, the brands it is
// limited to), its key shown once with a Copy button; every key with its role, brands, when it was
// made and last used, and whether it is revoked; revoke one after a confirmation. The API's
// refusals are shown at the field they name.
import { useEffect, useRef, useState } from 'preact/hooks';
import { gql, graphql } from '../api.ts';
import { Field, FormError, useSubmit } from '../Form.tsx';
import type { ApiKeyRole, ApiKeysQuery } from '../generated/graphql.ts';
import { ShownOnce, Utc } from './ShownOnce.tsx';

const KeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      role
      brandIds
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

/** The brands a key or an endpoint may be limited to, by name. */
export const BrandChoices = graphql(`
  query BrandChoices {
    brands(first: 500, includeArchived: true) {
      totalCount
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const CreateKey = graphql(`
  mutation CreateApiKey($name: String!, $role: ApiKeyRole!, $brandIds: [ID!]) {
    createApiKey(name: $name, role: $role, brandIds: $brandIds) {
      key
      apiKey {
        id
        name
      }
    }
  }
`);

const RevokeKey = graphql(`
  mutation RevokeApiKey($id: String!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

type Key = ApiKeysQuery['apiKeys'][number];
export type Brand = { id: string; name: string };

const ROLES: { role: ApiKeyRole; does: string }[] = [
  { role: 'viewer', does: 'reads, previews, the live feed' },
  { role: 'operator', does: 'reads and writes: brands, campaigns, spends, pauses, webhooks' },
  { role: 'ingest', does: 'records spend only' },
  { role: 'admin', does: 'everything, keys too (every brand)' },
];

/** The brands to choose from (the first 500 by name) and how many there are. */
export function useBrandChoices(): { brands: Brand[]; total: number } {
  const [answer, setAnswer] = useState<{ brands: Brand[]; total: number }>({ brands: [], total: 0 });
  useEffect(() => {
    void gql(BrandChoices, {}).then(
      ({ brands }) => setAnswer({ brands: brands.edges.map((e) => e.node), total: brands.totalCount }),
      () => setAnswer({ brands: [], total: 0 }),
    );
  }, []);
  return answer;
}

export function Keys() {
  const [keys, setKeys] = useState<Key[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string; back: HTMLElement | null } | null>(null);
  const { brands, total } = useBrandChoices();
  const load = async () => {
    try {
      setKeys((await gql(KeysQuery, {})).apiKeys);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => void load(), []);
  const names = new Map(brands.map((b) => [b.id, b.name]));

  return (
    <main class="admin keys">
      <h2>API keys</h2>
      {created && (
        <ShownOnce
          id="new-key"
          title={`Key “${created.name}” made`}
          label="The new API key"
          secret={created.key}
          onClose={() => setCreated(null)}
          back={created.back}
        />
      )}
      <NewKey
        brands={brands}
        total={total}
        onCreated={(name, key, back) => {
          setCreated({ name, key, back });
          void load();
        }}
      />
      {error && (
        <p class="error" role="alert">
          The keys could not be read: {error}
        </p>
      )}
      {keys && (
        <div class="scroll" tabIndex={0} role="region" aria-label="API keys">
          <table class="key-list">
            <caption class="hint">
              {keys.length} key{keys.length === 1 ? '' : 's'}; last use is noted at most once a minute.
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Brands</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Revoked</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <KeyRow key={k.id} k={k} names={names} onRevoked={load} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

function KeyRow({ k, names, onRevoked }: { k: Key; names: Map<string, string>; onRevoked: () => Promise<void> }) {
  const { error, submit, pending } = useSubmit();
  const revoke = submit(async () => {
    if (!confirm(`Revoke the key “${k.name}”? Every request with it is refused from now on; this cannot be undone.`)) return;
    await gql(RevokeKey, { id: k.id });
    await onRevoked();
  });
  return (
    <tr data-key={k.name} class={k.revokedAt ? 'revoked' : undefined}>
      <th scope="row">{k.name}</th>
      <td>{k.role}</td>
      <td>{k.brandIds.length === 0 ? <span class="hint">every brand</span> : k.brandIds.map((id) => names.get(id) ?? id).join(', ')}</td>
      <td>
        <Utc at={k.createdAt} />
      </td>
      <td>
        <Utc at={k.lastUsedAt} none="never" />
      </td>
      <td>
        <Utc at={k.revokedAt} none="no" />
      </td>
      <td>
        {!k.revokedAt && (
          <button type="button" class="danger" disabled={pending} aria-label={`Revoke ${k.name}`} onClick={revoke}>
            Revoke
          </button>
        )}
        {error && (
          <span class="error" role="alert">
            {error.message}
          </span>
        )}
      </td>
    </tr>
  );
}

function NewKey({
  brands,
  total,
  onCreated,
}: {
  brands: Brand[];
  total: number;
  /** `back`: the Make button, for the focus once the key shown is closed */
  onCreated: (name: string, key: string, back: HTMLElement | null) => void;
}) {
  const make = useRef<HTMLButtonElement>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<ApiKeyRole>('viewer');
  const [chosen, setChosen] = useState<string[]>([]);
  const { error, submit, pending } = useSubmit();
  const brandsError = error?.all.find((e) => e.field === 'brandIds');
  const save = async () => {
    const { createApiKey } = await gql(CreateKey, { name, role, brandIds: chosen.length ? chosen : null });
    setName('');
    setChosen([]);
    onCreated(createApiKey.apiKey.name, createApiKey.key, make.current);
  };
  const toggle = (id: string, on: boolean) => setChosen((c) => (on ? [...c, id] : c.filter((x) => x !== id)));

  return (
    <details class="create" open>
      <summary>New key</summary>
      <form onSubmit={submit(save)}>
        <Field
          form="key"
          name="name"
          label="Name"
          hint="who or what uses it, e.g. “reporting job”"
          error={error}
          input={(p) => <input {...p} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        />
        <Field
          form="key"
          name="role"
          label="Role"
          error={error}
          input={(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.currentTarget.value as ApiKeyRole)}>
              {ROLES.map((r) => (
                <option key={r.role} value={r.role}>
                  {r.role}: {r.does}
                </option>
              ))}
            </select>
          )}
        />
        <fieldset class="brand-choice" aria-describedby={brandsError ? 'key-brandIds-error' : undefined}>
          <legend>Brands</legend>
          <p class="hint">None ticked: every brand. {total > brands.length ? `The first ${brands.length} of ${total} by name.` : ''}</p>
          <div class="choices">
            {brands.map((b) => (
              <label key={b.id}>
                <input
                  type="checkbox"
                  name="brandIds"
                  value={b.id}
                  checked={chosen.includes(b.id)}
                  onChange={(e) => toggle(b.id, e.currentTarget.checked)}
                />
                {b.name}
              </label>
            ))}
          </div>
          {brandsError && (
            <span class="error" role="alert" id="key-brandIds-error">
              {brandsError.message}
            </span>
          )}
        </fieldset>
        <FormError error={error} fields={['name', 'role', 'brandIds']} />
        <button type="submit" ref={make} disabled={pending}>
          Make the key
        </button>
      </form>
    </details>
  );
}
