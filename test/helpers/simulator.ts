// The ad-platform simulator for tests: one in-process server on a free port, and thin callers of
// its wire formats (as a connector calls them) and of its control API. Nothing reaches the internet.
import { startSimulator, type Seed, type Simulator } from '../../src/simulator/server.ts';

export type { Seed, Simulator };

/** A started simulator; `close()` it in afterAll. */
export function simulator(seed?: Seed): Promise<Simulator> {
  return startSimulator({ seed });
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // an HTML error page: body stays null, text has it
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** The control API: control(sim, 'POST', '/accounts', {...}). */
export async function control(sim: Simulator, method: string, path: string, body?: unknown): Promise<Reply> {
  return reply(
    await fetch(`${sim.url}/_sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export const GOOGLE_CLIENT = { id: 'sim-client-id.apps.googleusercontent.com', secret: 'sim-client-secret' };

/** POST /token with a refresh token, as a connector refreshes. */
export async function googleToken(sim: Simulator, refreshToken: string, client = GOOGLE_CLIENT): Promise<Reply> {
  return reply(
    await fetch(`${sim.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: client.id,
        client_secret: client.secret,
        refresh_token: refreshToken,
      }),
    }),
  );
}

/** An access token for the refresh token (fails the test when refused). */
export async function accessToken(sim: Simulator, refreshToken: string): Promise<string> {
  const r = await googleToken(sim, refreshToken);
  if (r.status !== 200) throw new Error(`token refused: ${r.text}`);
  return r.body.access_token as string;
}

/** POST /v26/customers/{id}/{googleAds:searchStream | googleAds:search | campaigns:mutate}. */
export async function google(
  sim: Simulator,
  token: string,
  customerId: string,
  method: 'googleAds:searchStream' | 'googleAds:search' | 'campaigns:mutate',
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Reply> {
  return reply(
    await fetch(`${sim.url}/v26/customers/${customerId}/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
    }),
  );
}

/** GAQL through searchStream: every batch's rows, in order. */
export async function gaql(
  sim: Simulator,
  token: string,
  customerId: string,
  query: string,
  headers?: Record<string, string>,
): Promise<any[]> {
  const r = await google(sim, token, customerId, 'googleAds:searchStream', { query }, headers);
  if (r.status !== 200) throw new Error(`searchStream ${r.status}: ${r.text}`);
  return (r.body as { results?: unknown[] }[]).flatMap((batch) => batch.results ?? []);
}

/** GET (or POST with form fields) {url}/v26.0/{path}?{params}, the access token as a parameter. */
export async function meta(
  sim: Simulator,
  path: string,
  params: Record<string, string> = {},
  form?: Record<string, string>,
): Promise<Reply> {
  const url = `${sim.url}/v26.0/${path}?${new URLSearchParams(params)}`;
  return reply(
    await fetch(
      url,
      form ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) } : {},
    ),
  );
}

/** Follows Meta's paging.next links as given, collecting every page's data. */
export async function metaAll(first: Reply): Promise<{ data: any[]; pages: number }> {
  const data: any[] = [...(first.body.data ?? [])];
  let pages = 1;
  let next: string | undefined = first.body.paging?.next;
  while (next) {
    const page = await reply(await fetch(next));
    if (page.status !== 200) throw new Error(`paging ${page.status}: ${page.text}`);
    data.push(...page.body.data);
    pages++;
    next = page.body.paging?.next;
  }
  return { data, pages };
}
