// Webhook endpoints (#/webhooks, operator and admin keys, as the API allows): make one (URL,
// description, one brand or every brand, the kinds of message), its signing secret shown once
// with a Copy button; each endpoint's state (enabled, or why delivery stopped), edit it, disable
// or enable it, rotate its secret (the new one shown once), delete it; and its delivery log
// (DeliveryLog.tsx). The API's refusals (a URL to a private address, …) are shown at the field they name.
import { useEffect, useRef, useState } from 'preact/hooks';
import { gql, graphql, type Me } from '../api.ts';
import { Field, FormError, useSubmit } from '../Form.tsx';
import type { WebhookEndpointsQuery, WebhookEventType } from '../generated/graphql.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { EVENT_TYPES, eventLabel } from './eventTypes.ts';
import { useBrandChoices, type Brand } from './Keys.tsx';
import { ShownOnce, Utc } from './ShownOnce.tsx';

// what every answer about an endpoint reads (the documents below spread it; codegen adds it to them)
graphql(`
  fragment EndpointFields on WebhookEndpoint {
    id
    url
    description
    brandId
    brand {
      id
      name
    }
    eventTypes
    enabled
    disabledAt
    disabledReason
    consecutiveFailures
    nextAttemptAt
    waitingRedeliveries
    createdAt
  }
`);

const EndpointsQuery = graphql(`
  query WebhookEndpoints($after: String) {
    webhookEndpoints(first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...EndpointFields
        }
      }
    }
  }
`);

const CreateEndpoint = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        id
        url
      }
    }
  }
`);

const UpdateEndpoint = graphql(`
  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(id: $id, input: $input) {
      ...EndpointFields
    }
  }
`);

const EnableEndpoint = graphql(`
  mutation EnableWebhookEndpoint($id: ID!) {
    enableWebhookEndpoint(id: $id) {
      ...EndpointFields
    }
  }
`);

const DisableEndpoint = graphql(`
  mutation DisableWebhookEndpoint($id: ID!) {
    disableWebhookEndpoint(id: $id) {
      ...EndpointFields
    }
  }
`);

const RotateSecret = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      endpoint {
        id
        url
      }
    }
  }
`);

const DeleteEndpoint = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

/** the endpoints one read asks for (the query's `first`) */
const PAGE = 100;

type Endpoint = WebhookEndpointsQuery['webhookEndpoints']['edges'][number]['node'];

export function Webhooks({ me }: { me: Me }) {
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ title: string; secret: string; back: HTMLElement | null } | null>(null);
  const { brands } = useBrandChoices();
  /** the newest read: an older one that answers later is dropped */
  const latest = useRef(0);
  /** how many rows to read: the first page, and one more for each "More endpoints" */
  const wanted = useRef(PAGE);
  /** Reads the endpoints again, as many as are shown (the timer keeps the rows "More endpoints" added). */
  const load = async () => {
    const mine = ++latest.current;
    try {
      const rows: Endpoint[] = [];
      let after: string | null = null;
      let next = true;
      while (next && rows.length < wanted.current) {
        const { webhookEndpoints }: WebhookEndpointsQuery = await gql(EndpointsQuery, { after });
        if (mine !== latest.current) return;
        rows.push(...webhookEndpoints.edges.map((e) => e.node));
        next = webhookEndpoints.pageInfo.hasNextPage;
        after = webhookEndpoints.pageInfo.endCursor ?? null;
      }
      setEndpoints(rows);
      setMore(next);
      setError(null);
    } catch (e) {
      if (mine === latest.current) setError((e as Error).message);
    }
  };
  const loadMore = () => {
    wanted.current = (endpoints?.length ?? 0) + PAGE;
    return load();
  };
  useEffect(() => {
    void load();
    // the worker changes an endpoint's state (failures, disabled): read it again now and then
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, []);

  return (
    <main class="admin webhooks">
      <h2>Webhook endpoints</h2>
      {secret && (
        <ShownOnce
          id="new-secret"
          title={secret.title}
          label="Signing secret"
          secret={secret.secret}
          back={secret.back}
          onClose={() => setSecret(null)}
        />
      )}
      <NewEndpoint
        brands={brands}
        everyBrand={me.brandIds === null}
        onCreated={(url, s, back) => {
          setSecret({ title: `Endpoint ${url} made: its signing secret`, secret: s, back });
          void load();
        }}
      />
      {error && (
        <p class="error" role="alert">
          The endpoints could not be read: {error}
        </p>
      )}
      {endpoints && endpoints.length === 0 && <p class="hint">None yet: nothing is sent anywhere.</p>}
      {endpoints && (
        <ul class="endpoints">
          {endpoints.map((e) => (
            <EndpointCard
              key={e.id}
              endpoint={e}
              onChanged={load}
              onSecret={(s, back) => setSecret({ title: `New signing secret for ${e.url}`, secret: s, back })}
            />
          ))}
        </ul>
      )}
      {more && (
        <button type="button" onClick={() => void loadMore()}>
          More endpoints
        </button>
      )}
    </main>
  );
}

function EventTypes({
  form,
  chosen,
  onChange,
  error,
}: {
  form: string;
  chosen: WebhookEventType[];
  onChange: (t: WebhookEventType[]) => void;
  error: ReturnType<typeof useSubmit>['error'];
}) {
  const mine = error?.all.find((e) => e.field === 'eventTypes');
  return (
    <fieldset class="event-types" aria-describedby={mine ? `${form}-eventTypes-error` : undefined}>
      <legend>Sends</legend>
      {EVENT_TYPES.map(({ type, label }) => (
        <label key={type}>
          <input
            type="checkbox"
            name="eventTypes"
            value={type}
            checked={chosen.includes(type)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, type] : chosen.filter((t) => t !== type))}
          />
          {label}
        </label>
      ))}
      {mine && (
        <span class="error" role="alert" id={`${form}-eventTypes-error`}>
          {mine.message}
        </span>
      )}
    </fieldset>
  );
}

const ALL = EVENT_TYPES.map((e) => e.type);

function NewEndpoint({
  brands,
  everyBrand,
  onCreated,
}: {
  brands: Brand[];
  /** the key may add an endpoint for every brand (one limited to some brands names one of them) */
  everyBrand: boolean;
  /** `back`: the Add button, for the focus once the secret shown is closed */
  onCreated: (url: string, secret: string, back: HTMLElement | null) => void;
}) {
  const add = useRef<HTMLButtonElement>(null);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [picked, setBrandId] = useState('');
  const brandId = picked || (everyBrand ? '' : (brands[0]?.id ?? ''));
  const [types, setTypes] = useState<WebhookEventType[]>(ALL);
  const { error, submit, pending } = useSubmit();
  const save = async () => {
    const { createWebhookEndpoint: made } = await gql(CreateEndpoint, {
      input: { url: url.trim(), description, brandId: brandId || null, eventTypes: types },
    });
    setUrl('');
    setDescription('');
    setTypes(ALL);
    onCreated(made.endpoint.url, made.secret, add.current);
  };
  return (
    <details class="create" open>
      <summary>New endpoint</summary>
      <form onSubmit={submit(save)}>
        <Field
          form="hook"
          name="url"
          label="URL"
          hint="https (http only to this machine); a private address only if OUTBOUND_ALLOW_HOSTS names it"
          error={error}
          input={(p) => (
            <input
              {...p}
              type="url"
              inputMode="url"
              placeholder="https://hooks.example.com/budget"
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          )}
        />
        <Field
          form="hook"
          name="description"
          label="Description"
          error={error}
          input={(p) => <input {...p} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
        />
        <Field
          form="hook"
          name="brandId"
          label="Brand"
          error={error}
          input={(p) => (
            <select {...p} value={brandId} onChange={(e) => setBrandId(e.currentTarget.value)}>
              {everyBrand && <option value="">Every brand</option>}
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        />
        <EventTypes form="hook" chosen={types} onChange={setTypes} error={error} />
        <FormError error={error} fields={['url', 'description', 'brandId', 'eventTypes']} />
        <button type="submit" ref={add} disabled={pending}>
          Add the endpoint
        </button>
      </form>
    </details>
  );
}

function EndpointCard({
  endpoint: e,
  onChanged,
  onSecret,
}: {
  endpoint: Endpoint;
  onChanged: () => Promise<void>;
  /** `back`: the Rotate button, for the focus once the secret shown is closed */
  onSecret: (secret: string, back: HTMLElement | null) => void;
}) {
  const rotateButton = useRef<HTMLButtonElement>(null);
  const [editing, setEditing] = useState(false);
  const [log, setLog] = useState(false);
  const { error, submit, pending } = useSubmit();
  const act = (action: () => Promise<unknown>) => submit(async () => (await action(), await onChanged()));
  const rotate = act(async () => {
    if (!confirm(`Rotate the signing secret of ${e.url}? The old one signs nothing more: the receiver needs the new one.`)) return;
    onSecret((await gql(RotateSecret, { id: e.id })).rotateWebhookSecret.secret, rotateButton.current);
  });
  const remove = act(async () => {
    if (confirm(`Delete the endpoint ${e.url} and its delivery log?`)) await gql(DeleteEndpoint, { id: e.id });
  });
  return (
    <li class="endpoint" data-endpoint={e.url}>
      <div class="endpoint-head">
        <strong class="url">{e.url}</strong>
        <span class={`endpoint-status ${e.enabled ? 'on' : 'off'}`}>{e.enabled ? 'enabled' : 'disabled'}</span>
      </div>
      <p>
        {e.brand ? e.brand.name : 'Every brand'} · {e.eventTypes.map(eventLabel).join(', ')}
        {e.description && <> · {e.description}</>}
      </p>
      {!e.enabled && (
        <p class="endpoint-why">
          Stopped <Utc at={e.disabledAt} />: {e.disabledReason ?? 'no reason given'}. Enabling it sends what it missed.
        </p>
      )}
      {e.consecutiveFailures > 0 && (
        <p class="endpoint-why">
          {e.consecutiveFailures} failure{e.consecutiveFailures === 1 ? '' : 's'} in a row; next attempt <Utc at={e.nextAttemptAt} />.
        </p>
      )}
      {e.waitingRedeliveries.length > 0 && <p class="hint">Waiting to be sent again: {e.waitingRedeliveries.join(', ')}</p>}
      <div class="actions">
        <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Edit
        </button>
        {e.enabled ? (
          <button type="button" disabled={pending} onClick={act(() => gql(DisableEndpoint, { id: e.id }))}>
            Disable
          </button>
        ) : (
          <button type="button" disabled={pending} onClick={act(() => gql(EnableEndpoint, { id: e.id }))}>
            Enable
          </button>
        )}
        <button type="button" ref={rotateButton} disabled={pending} onClick={rotate}>
          Rotate secret
        </button>
        <button type="button" aria-expanded={log} onClick={() => setLog(!log)}>
          Delivery log
        </button>
        <button type="button" class="danger" disabled={pending} onClick={remove}>
          Delete
        </button>
      </div>
      <FormError error={error} fields={[]} />
      {editing && (
        <EditEndpoint
          endpoint={e}
          onSaved={async () => {
            setEditing(false);
            await onChanged();
          }}
        />
      )}
      {log && <DeliveryLog endpointId={e.id} />}
    </li>
  );
}

function EditEndpoint({ endpoint: e, onSaved }: { endpoint: Endpoint; onSaved: () => Promise<void> }) {
  const [url, setUrl] = useState(e.url);
  const [description, setDescription] = useState(e.description);
  const [types, setTypes] = useState<WebhookEventType[]>(e.eventTypes);
  const { error, submit, pending } = useSubmit();
  const form = `edit-${e.id}`;
  const save = async () => {
    await gql(UpdateEndpoint, { id: e.id, input: { url: url.trim(), description, eventTypes: types } });
    await onSaved();
  };
  return (
    <form class="edit-endpoint" aria-label={`Edit ${e.url}`} onSubmit={submit(save)}>
      <Field
        form={form}
        name="url"
        label="URL"
        error={error}
        input={(p) => <input {...p} type="url" value={url} onInput={(ev) => setUrl(ev.currentTarget.value)} />}
      />
      <Field
        form={form}
        name="description"
        label="Description"
        error={error}
        input={(p) => <input {...p} value={description} onInput={(ev) => setDescription(ev.currentTarget.value)} />}
      />
      <EventTypes form={form} chosen={types} onChange={setTypes} error={error} />
      <FormError error={error} fields={['url', 'description', 'eventTypes']} />
      <button type="submit" disabled={pending}>
        Save
      </button>
    </form>
  );
}
