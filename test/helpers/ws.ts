// A graphql-ws client and an SSE reader for subscription tests: each collects what arrives, and
// is handed back once the server has registered the subscription (or refused it), so whatever the
// test writes next reaches it.
//
// Registered: the server process's budget_subscriptions_started_total (at /metrics) has counted
// it. The feed counts a subscription once everything committed afterwards reaches it (its starting
// point known); a WebSocket subscription joining another's shared execution is counted as it
// joins. This test process starts its subscriptions one at a time, so the count that moves is
// the one it started (a client that bypasses these helpers could move it too).
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { asAdmin, TEST_ADMIN_KEY } from './server.ts';
import { waitFor } from './wait.ts';

export interface Collected<T> {
  items: T[];
  /** resolves once `n` items have arrived (rejects after timeoutMs) */
  until(n: number, timeoutMs?: number): Promise<T[]>;
  close(): Promise<void>;
}

function collector<T>(close: () => Promise<void>): Collected<T> & { push(x: T): void } {
  const items: T[] = [];
  return {
    items,
    push: (x) => void items.push(x),
    until: (n, timeoutMs = 10_000) =>
      waitFor(() => items.length >= n && items, {
        timeout: timeoutMs,
        interval: 5,
        what: () => `${n} items (${items.length} arrived)`,
      }),
    close,
  };
}

/** Subscriptions the server process has started (budget_subscriptions_started_total). */
export async function startedSubscriptions(baseUrl: string): Promise<number> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: asAdmin });
  const text = await res.text();
  const found = /^budget_subscriptions_started_total (\d+)$/m.exec(text);
  if (res.status !== 200 || !found) throw new Error(`/metrics answered ${res.status} without budget_subscriptions_started_total`);
  return Number(found[1]);
}

let starting: Promise<unknown> = Promise.resolve();
/** One subscription start at a time in this process: the count that moves is the one started. */
function oneAtATime<T>(start: () => Promise<T>): Promise<T> {
  const started = starting.then(start, start);
  starting = started.catch(() => undefined);
  return started;
}

/** Waits until the server has counted one more started subscription than `before`, or `refused()`. */
async function registered(baseUrl: string, before: number, refused: () => boolean): Promise<void> {
  await waitFor(async () => refused() || (await startedSubscriptions(baseUrl)) > before, {
    what: `the server at ${baseUrl} to register the subscription (budget_subscriptions_started_total above ${before})`,
  });
}

export function wsSubscribe<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = { authorization: `Bearer ${TEST_ADMIN_KEY}` },
) {
  return oneAtATime(async () => {
    const before = await startedSubscriptions(baseUrl);
    const client: Client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
    });
    const c = collector<T>(async () => client.dispose());
    const errors: unknown[] = [];
    client.on('closed', (event) => {
      const { code, reason } = event as { code?: number; reason?: string };
      errors.push({ closed: code, reason });
    });
    client.subscribe<T>(
      { query, variables },
      { next: (v) => (v.errors ? errors.push(...v.errors) : c.push(v.data as T)), error: (e) => errors.push(e), complete: () => undefined },
    );
    // an error (a refused key, a forbidden field, a bad argument) or the close is the answer too
    await registered(baseUrl, before, () => errors.length > 0);
    return Object.assign(c, { errors });
  });
}

export function sseSubscribe<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = { authorization: `Bearer ${TEST_ADMIN_KEY}` },
) {
  return oneAtATime(async () => {
    const before = await startedSubscriptions(baseUrl);
    const controller = new AbortController();
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    });
    const c = collector<T>(async () => controller.abort());
    const state = { ended: false, errorEvents: [] as string[] };
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            const data = message.split('\n').find((l) => l.startsWith('data:'));
            if (!data) continue;
            const payload = JSON.parse(data.slice(5)) as { data?: T; errors?: unknown[] };
            if (payload.errors) state.errorEvents.push(JSON.stringify(payload.errors));
            else if (message.includes('event: next')) c.push(payload.data as T);
          }
        }
      } catch {
        // aborted
      }
      state.ended = true;
    })();
    await registered(baseUrl, before, () => res.status !== 200 || state.ended || state.errorEvents.length > 0);
    return Object.assign(c, { status: res.status, state });
  });
}
