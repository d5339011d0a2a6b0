// A graphql-ws client and an SSE reader for subscription tests: each collects what arrives.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { TEST_ADMIN_KEY } from './server.ts';

export interface Collected<T> {
  items: T[];
  /** resolves once `n` items have arrived (rejects after timeoutMs) */
  until(n: number, timeoutMs?: number): Promise<T[]>;
  close(): Promise<void>;
}

function collector<T>(close: () => Promise<void>): Collected<T> & { push(x: T): void } {
  const items: T[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    items,
    push(x) {
      items.push(x);
      for (const w of [...waiters]) if (items.length >= w.n) w.resolve();
    },
    until(n, timeoutMs = 10_000) {
      if (items.length >= n) return Promise.resolve(items);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${items.length} of ${n} items after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(items)) });
      });
    },
    close,
  };
}

export async function wsSubscribe<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = { authorization: `Bearer ${TEST_ADMIN_KEY}` },
) {
  const client: Client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
  });
  let acknowledged!: () => void;
  const ready = new Promise<void>((r) => (acknowledged = r));
  const c = collector<T>(async () => client.dispose());
  const errors: unknown[] = [];
  client.on('connected', () => acknowledged());
  client.on('closed', (event) => {
    const { code, reason } = event as { code?: number; reason?: string };
    errors.push({ closed: code, reason });
    acknowledged();
  });
  client.subscribe<T>(
    { query, variables },
    { next: (v) => (v.errors ? errors.push(...v.errors) : c.push(v.data as T)), error: (e) => errors.push(e), complete: () => undefined },
  );
  await ready;
  // the subscription is registered with the server once its first message is processed
  await new Promise((r) => setTimeout(r, 150));
  return Object.assign(c, { errors });
}

export async function sseSubscribe<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = { authorization: `Bearer ${TEST_ADMIN_KEY}` },
) {
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
  await new Promise((r) => setTimeout(r, 150));
  return Object.assign(c, { status: res.status, state });
}
