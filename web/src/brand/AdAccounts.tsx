// A brand's ad accounts (Brand.adAccounts): each with its platform, id, name, currency and time zone,
// status (a refused token or a failing sync in red, with the platform's words), last sync and its
// recent platform events; the brand's drift policy; and for keys that may write Sync now, Import
// campaigns, Replace credentials, Disconnect (each answering in one line) and the form to connect
// one, every refusal at the field the API names. Credentials are typed into password fields, sent,
// and never shown: the API answers none. Asked apart from the brand page (its cost), read again
// with each whole read of the page (`round`) and every 30 s (the background syncs change it).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, gql, graphql } from '../api.ts';
import { ago, DRIFT_POLICIES, importLine, PLATFORMS, shownAccountId, syncLine } from '../adPlatforms.ts';
import { Field, FormError, useDraft, useSubmit } from '../Form.tsx';
import type { AdPlatform, BrandAdAccountsQuery, DriftPolicy } from '../generated/graphql.ts';
import { zoneFormat } from '../zone.ts';

const AccountsQuery = graphql(`
  query BrandAdAccounts($id: ID!) {
    brand(id: $id) {
      id
      driftPolicy
      adAccounts {
        id
        platform
        externalAccountId
        name
        currency
        timeZone
        status
        lastSyncAt
        lastError
        campaigns(first: 0) {
          totalCount
        }
        events(first: 10) {
          id
          kind
          message
          platformActor
          occurredAt
        }
      }
    }
  }
`);

const Connect = graphql(`
  mutation ConnectAdAccount($input: ConnectAdAccountInput!) {
    connectAdAccount(input: $input) {
      id
      name
    }
  }
`);

const ReplaceCredentials = graphql(`
  mutation UpdateAdAccountCredentials($id: ID!, $credentials: AdAccountCredentialsInput!) {
    updateAdAccountCredentials(id: $id, credentials: $credentials) {
      id
      status
    }
  }
`);

const Disconnect = graphql(`
  mutation DisconnectAdAccount($id: ID!) {
    disconnectAdAccount(id: $id)
  }
`);

const Sync = graphql(`
  mutation SyncAdAccount($id: ID!) {
    syncAdAccount(id: $id) {
      error
      pull {
        dates
        entries
      }
      drift {
        found
        repaused
        reported
      }
      push {
        paused
        resumed
        failed
        retryAt
      }
    }
  }
`);

const Import = graphql(`
  mutation ImportAdCampaigns($adAccountId: ID!) {
    importAdCampaigns(adAccountId: $adAccountId) {
      linked
      created
      skipped
    }
  }
`);

const SetDriftPolicy = graphql(`
  mutation UpdateDriftPolicy($id: ID!, $driftPolicy: DriftPolicy!) {
    updateBrand(id: $id, input: { driftPolicy: $driftPolicy }) {
      id
      driftPolicy
    }
  }
`);

type Answer = NonNullable<BrandAdAccountsQuery['brand']>;
type Account = Answer['adAccounts'][number];

const STATUS: Record<Account['status'], { label: string; note?: string }> = {
  ACTIVE: { label: 'ACTIVE' },
  AUTH_FAILED: {
    label: 'AUTH FAILED',
    note: 'the platform refuses the credentials: nothing reaches the account until they are replaced',
  },
  ERROR: { label: 'ERROR', note: 'the last sync failed; the next poll tries again' },
  DISCONNECTED: { label: 'DISCONNECTED' },
};

interface BrandTerms {
  id: string;
  name: string;
  currency: string;
  timezone: string;
}

export function AdAccounts({
  brand,
  writes,
  round,
  onChanged,
}: {
  brand: BrandTerms;
  writes: boolean;
  round: number;
  /** something was connected, imported, synced or disconnected: read the page again */
  onChanged: () => Promise<void> | void;
}) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0); // an answer that arrives after a newer request's is dropped
  const load = async () => {
    const mine = ++latest.current;
    try {
      const { brand: read } = await gql(AccountsQuery, { id: brand.id });
      if (mine !== latest.current) return;
      setAnswer(read ?? null);
      setError(null);
    } catch (e) {
      if (mine === latest.current) setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
  }, [brand.id, round]);
  useEffect(() => {
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, [brand.id]);
  const changed = async () => {
    await Promise.all([load(), onChanged()]);
  };

  return (
    <section class="ad-accounts" aria-labelledby="ad-accounts-title">
      <h3 id="ad-accounts-title">Ad accounts</h3>
      {error && (
        <p class="error" role="alert">
          The ad accounts could not be read: {error}
        </p>
      )}
      {answer &&
        (answer.adAccounts.length === 0 ? (
          <p class="hint">
            None connected: spend comes only from what is recorded here, and pauses stay in this service (and its webhooks).
          </p>
        ) : (
          <ul class="accounts">
            {answer.adAccounts.map((a) => (
              <AccountCard key={a.id} account={a} timezone={brand.timezone} writes={writes} onChanged={changed} />
            ))}
          </ul>
        ))}
      {answer && answer.adAccounts.length > 0 && (
        <DriftPolicyForm brandId={brand.id} saved={answer.driftPolicy} writes={writes} onSaved={load} />
      )}
      {writes && <ConnectAccount brand={brand} onDone={changed} />}
    </section>
  );
}

function AccountCard({
  account: a,
  timezone,
  writes,
  onChanged,
}: {
  account: Account;
  timezone: string;
  writes: boolean;
  onChanged: () => Promise<void>;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<{ text: string; failed: boolean } | null>(null);
  const [replacing, setReplacing] = useState(false);
  const when = zoneFormat(timezone, { dateStyle: 'medium', timeStyle: 'short' });
  const exact = zoneFormat(timezone, { dateStyle: 'full', timeStyle: 'long' });
  const clock = zoneFormat(timezone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }, 'en-GB');
  const label = `${PLATFORMS[a.platform]} ${shownAccountId(a.platform, a.externalAccountId)}`;
  const status = STATUS[a.status];

  /** runs one action, its answer (or error) in the account's line */
  const act = async (what: string, action: () => Promise<{ text: string; failed: boolean }>) => {
    if (busy) return;
    setBusy(what);
    try {
      setResult(await action());
    } catch (e) {
      setResult({ text: (e as Error).message, failed: true });
    } finally {
      setBusy(null);
    }
    await onChanged();
  };
  const sync = () =>
    act('sync', async () => {
      const r = (await gql(Sync, { id: a.id })).syncAdAccount;
      return { text: syncLine(r, clock), failed: Boolean(r.error) };
    });
  const importCampaigns = () =>
    act('import', async () => ({ text: importLine((await gql(Import, { adAccountId: a.id })).importAdCampaigns), failed: false }));
  const disconnect = () =>
    confirm(
      `Disconnect ${label} (${a.name})? Its credentials are deleted; its spend is no longer read and pauses no longer reach it. Its campaigns stay here, unlinked.`,
    ) &&
    act('disconnect', async () => {
      await gql(Disconnect, { id: a.id });
      return { text: 'Disconnected', failed: false };
    });

  return (
    <li class="account" data-account={a.externalAccountId}>
      <div class="account-head">
        <strong>{label}</strong>
        <span>{a.name}</span>
        <span class="tag">
          {a.currency} · {a.timeZone}
        </span>
        <span class={`account-status ${a.status.toLowerCase()}`}>{status.label}</span>
      </div>
      {a.status !== 'ACTIVE' && a.lastError && (
        <p class="error account-error">
          {a.lastError}
          {status.note && <span class="note"> — {status.note}</span>}
        </p>
      )}
      <p class="account-sync">
        {a.lastSyncAt ? (
          <>
            Last sync{' '}
            <time dateTime={a.lastSyncAt} title={exact.format(new Date(a.lastSyncAt))}>
              {ago(a.lastSyncAt)}
            </time>
          </>
        ) : (
          'Not synced yet'
        )}{' '}
        · {a.campaigns.totalCount} campaign{a.campaigns.totalCount === 1 ? '' : 's'} linked
      </p>
      {writes && (
        <div class="actions">
          <button type="button" disabled={busy !== null} aria-label={`Sync now (${label})`} onClick={sync}>
            {busy === 'sync' ? 'Syncing…' : 'Sync now'}
          </button>
          <button type="button" disabled={busy !== null} aria-label={`Import campaigns (${label})`} onClick={importCampaigns}>
            {busy === 'import' ? 'Importing…' : 'Import campaigns'}
          </button>
          <button
            type="button"
            aria-expanded={replacing}
            aria-label={`Replace credentials (${label})`}
            onClick={() => setReplacing(!replacing)}
          >
            Replace credentials
          </button>
          <button type="button" class="danger" disabled={busy !== null} aria-label={`Disconnect (${label})`} onClick={disconnect}>
            Disconnect
          </button>
        </div>
      )}
      {result && (
        <p class={result.failed ? 'error result' : 'result'} role="status">
          {result.text}
        </p>
      )}
      {writes && replacing && (
        <CredentialsForm
          account={a}
          onDone={async () => {
            setReplacing(false);
            setResult({ text: 'Credentials replaced: the platform accepted them', failed: false });
            await onChanged();
          }}
        />
      )}
      {a.events.length > 0 ? (
        <ol class="platform-events" aria-label={`Platform events of ${label}, newest first`}>
          {a.events.map((e) => (
            <li key={e.id} data-kind={e.kind}>
              <time dateTime={e.occurredAt} title={exact.format(new Date(e.occurredAt))}>
                {when.format(new Date(e.occurredAt))}
              </time>{' '}
              <strong class="kind">{e.kind}</strong> {e.message}
              {e.platformActor && !e.message.includes(e.platformActor) && <span class="by"> by {e.platformActor}</span>}
            </li>
          ))}
        </ol>
      ) : (
        <p class="hint">No platform events.</p>
      )}
    </li>
  );
}

/** The credentials' fields of a platform (the API's names), for the connect and replace forms. */
function credentialFields(platform: AdPlatform): { name: keyof Credentials; label: string; secret: boolean; hint?: string }[] {
  return platform === 'GOOGLE_ADS'
    ? [
        { name: 'refreshToken', label: 'Refresh token', secret: true, hint: 'of a Google user who manages the account (scope adwords)' },
        {
          name: 'loginCustomerId',
          label: 'Login customer id',
          secret: false,
          hint: 'optional: the manager account’s id, when it gives access',
        },
      ]
    : [{ name: 'accessToken', label: 'Access token', secret: true, hint: 'a system user’s, with ads_management and ads_read' }];
}

interface Credentials {
  refreshToken: string;
  loginCustomerId: string;
  accessToken: string;
}
const NO_CREDENTIALS: Credentials = { refreshToken: '', loginCustomerId: '', accessToken: '' };

/** What is sent for the platform: its fields only, an empty one as absent (the API names a missing one). */
function credentialsOf(platform: AdPlatform, c: Credentials) {
  return platform === 'GOOGLE_ADS'
    ? { refreshToken: c.refreshToken || null, loginCustomerId: c.loginCustomerId.trim() || null }
    : { accessToken: c.accessToken || null };
}

function CredentialInputs({
  form,
  platform,
  values,
  error,
  onInput,
}: {
  form: string;
  platform: AdPlatform;
  values: Credentials;
  error: ApiError | null;
  onInput: (values: Credentials) => void;
}) {
  return (
    <>
      {credentialFields(platform).map((f) => (
        <Field
          key={f.name}
          form={form}
          name={`credentials.${f.name}`}
          label={f.label}
          hint={f.hint}
          error={error}
          input={(p) => {
            const common = {
              ...p,
              autocomplete: 'off',
              spellcheck: false,
              value: values[f.name],
              onInput: (e: { currentTarget: HTMLInputElement }) => onInput({ ...values, [f.name]: e.currentTarget.value }),
            };
            return f.secret ? <input {...common} type="password" /> : <input {...common} type="text" />;
          }}
        />
      ))}
    </>
  );
}

const credentialNames = (platform: AdPlatform) => credentialFields(platform).map((f) => `credentials.${f.name}`);

function CredentialsForm({ account, onDone }: { account: Account; onDone: () => Promise<void> }) {
  const [values, setValues] = useState(NO_CREDENTIALS);
  const { error, submit, pending } = useSubmit();
  const form = `credentials-${account.id}`;
  return (
    <form
      class="credentials"
      aria-label={`New credentials for ${PLATFORMS[account.platform]} ${shownAccountId(account.platform, account.externalAccountId)}`}
      onSubmit={submit(async () => {
        await gql(ReplaceCredentials, { id: account.id, credentials: credentialsOf(account.platform, values) });
        setValues(NO_CREDENTIALS);
        await onDone();
      })}
    >
      <p class="hint">The stored ones are never shown. The new ones are checked with the platform before they replace them.</p>
      <CredentialInputs form={form} platform={account.platform} values={values} error={error} onInput={setValues} />
      <FormError error={error} fields={credentialNames(account.platform)} />
      <button type="submit" disabled={pending}>
        Replace
      </button>
    </form>
  );
}

function DriftPolicyForm({
  brandId,
  saved,
  writes,
  onSaved,
}: {
  brandId: string;
  saved: DriftPolicy;
  writes: boolean;
  onSaved: () => Promise<void>;
}) {
  const { draft, setDraft, changed } = useDraft(saved);
  const { error, submit, pending } = useSubmit();
  const [done, setDone] = useState(false);
  if (!writes)
    return (
      <p class="drift-policy">
        <strong>Drift:</strong> {DRIFT_POLICIES[saved].label} — {DRIFT_POLICIES[saved].does}.
      </p>
    );
  return (
    <form
      class="drift-policy"
      onSubmit={submit(async () => {
        await gql(SetDriftPolicy, { id: brandId, driftPolicy: draft });
        setDone(true);
        await onSaved();
      })}
    >
      <fieldset>
        <legend>Drift: a campaign we hold paused that someone enables on its platform</legend>
        {(Object.keys(DRIFT_POLICIES) as DriftPolicy[]).map((p) => (
          <label key={p}>
            <input type="radio" name="driftPolicy" value={p} checked={draft === p} onChange={() => (setDraft(p), setDone(false))} />
            <span>
              <strong>{DRIFT_POLICIES[p].label}</strong>: {DRIFT_POLICIES[p].does}
            </span>
          </label>
        ))}
      </fieldset>
      <FormError error={error} fields={[]} />
      {changed && (
        <button type="submit" disabled={pending}>
          Save drift policy
        </button>
      )}
      {done && !changed && <span role="status">Saved.</span>}
    </form>
  );
}

function ConnectAccount({ brand, onDone }: { brand: BrandTerms; onDone: () => Promise<void> }) {
  const [platform, setPlatform] = useState<AdPlatform>('GOOGLE_ADS');
  const [externalAccountId, setExternalAccountId] = useState('');
  const [values, setValues] = useState(NO_CREDENTIALS);
  const [done, setDone] = useState<string | null>(null);
  const { error, submit, pending } = useSubmit();
  const fields = ['platform', 'externalAccountId', ...credentialNames(platform)];
  return (
    <details class="create">
      <summary>Connect an account</summary>
      <form
        class="connect"
        onSubmit={submit(async () => {
          setDone(null);
          const { connectAdAccount } = await gql(Connect, {
            input: {
              brandId: brand.id,
              platform,
              externalAccountId: externalAccountId.trim(),
              credentials: credentialsOf(platform, values),
            },
          });
          setExternalAccountId('');
          setValues(NO_CREDENTIALS);
          setDone(`Connected ${connectAdAccount.name}: import its campaigns next.`);
          await onDone();
        })}
      >
        <p class="hint">
          The platform is asked for the account with these credentials; its currency and time zone must be the brand’s ({brand.currency},{' '}
          {brand.timezone}), or its days would not be the brand’s days.
        </p>
        <Field
          form="connect"
          name="platform"
          label="Platform"
          error={error}
          input={(p) => (
            <select {...p} value={platform} onChange={(e) => (setPlatform(e.currentTarget.value as AdPlatform), setDone(null))}>
              {(Object.keys(PLATFORMS) as AdPlatform[]).map((k) => (
                <option key={k} value={k}>
                  {PLATFORMS[k]}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          form="connect"
          name="externalAccountId"
          label={platform === 'GOOGLE_ADS' ? 'Customer id' : 'Ad account id'}
          hint={platform === 'GOOGLE_ADS' ? '10 digits, dashes allowed: 123-456-7890' : 'act_ and its digits, or the digits alone'}
          error={error}
          input={(p) => (
            <input
              {...p}
              required
              autocomplete="off"
              placeholder={platform === 'GOOGLE_ADS' ? '123-456-7890' : 'act_1234567890'}
              value={externalAccountId}
              onInput={(e) => setExternalAccountId(e.currentTarget.value)}
            />
          )}
        />
        <CredentialInputs form="connect" platform={platform} values={values} error={error} onInput={setValues} />
        <FormError error={error} fields={fields} />
        <button type="submit" disabled={pending}>
          {pending ? 'Asking the platform…' : 'Connect'}
        </button>
        {done && <span role="status">{done}</span>}
      </form>
    </details>
  );
}
