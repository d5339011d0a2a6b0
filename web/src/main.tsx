// The live operations dashboard: sign in with an API key, then every brand's budget use, live.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Audit } from './admin/Audit.tsx';
import { Backtest } from './admin/Backtest.tsx';
import { ApiError, session, whoAmI, type Me } from './api.ts';
import { BrandPage } from './brand/BrandPage.tsx';
import { useLive } from './live.ts';
import { Overview } from './Overview.tsx';
import './style.css';

function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(Boolean(session.key()));

  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      setMe(await whoAmI());
    } catch (e) {
      session.signOut();
      setMe(null);
      setError(e instanceof ApiError ? e.message : 'the service did not answer');
    } finally {
      setChecking(false);
    }
  };
  useEffect(() => {
    if (session.key()) void check();
  }, []);

  const signOut = () => {
    session.signOut();
    setMe(null);
  };
  const route = useRoute();
  const live = useLive(Boolean(me) && me?.role !== 'ingest');

  if (checking) return <p class="notice">Checking your key…</p>;
  if (!me) return <SignIn error={error} onKey={(key) => (session.signIn(key), void check())} />;
  return (
    <>
      <header class="top">
        <h1>Budget control</h1>
        <span class="who">
          {me.name} · {me.role}
          {me.brandIds ? ` · ${me.brandIds.length} brand${me.brandIds.length === 1 ? '' : 's'}` : ''}
        </span>
        <nav class="pages" aria-label="Pages">
          <a href="#/">Overview</a>
          <a href="#/audit">Audit trail</a>
          <a href="#/backtest">Backtest</a>
        </nav>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      {me.role === 'ingest' ? (
        <p class="notice" role="alert">
          This is an ingest key: it may record spend, not use the dashboard. Sign in with a viewer, operator or admin key.
        </p>
      ) : route.page === 'audit' ? (
        <Audit />
      ) : route.page === 'backtest' ? (
        <Backtest />
      ) : route.brandId ? (
        <BrandPage key={route.brandId} id={route.brandId} me={me} live={live} />
      ) : (
        <Overview me={me} live={live} />
      )}
    </>
  );
}

/** `#/brands/<id>`: a brand's page; `#/audit`, `#/backtest`: those pages; anything else: the overview. */
function useRoute(): { brandId: string | null; page: string | null } {
  const read = () => ({
    brandId: /^#\/brands\/([\w-]+)$/.exec(location.hash)?.[1] ?? null,
    page: /^#\/(audit|backtest)$/.exec(location.hash)?.[1] ?? null,
  });
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onHash = () => setRoute(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

function SignIn({ error, onKey }: { error: string | null; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <form
      class="signin"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) onKey(key);
      }}
    >
      <h1>Budget control</h1>
      <label for="key">API key</label>
      <input
        id="key"
        name="key"
        type="password"
        autocomplete="off"
        placeholder="bk_…"
        value={key}
        onInput={(e) => setKey(e.currentTarget.value)}
      />
      {error && (
        <p class="error" role="alert" id="key-error">
          {error}
        </p>
      )}
      <button type="submit">Sign in</button>
      <p class="hint">Kept in this tab only (sessionStorage), sent as a Bearer header; signing out forgets it.</p>
    </form>
  );
}

render(<App />, document.getElementById('app')!);
