// Load for `pause-latency` and `memory`, in its own process: `count` clients subscribed to every
// status event, over graphql-ws or SSE (GraphQL over Server-Sent Events, Yoga's distinct-connections
// mode). Prints "ready" once all are subscribed; on stdin's end, one JSON line: for each
// event (by campaign id), when each client received it (epoch ms, sub-millisecond).
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const input = JSON.parse(process.argv[2]!) as { url: string; key: string; count: number; transport?: 'ws' | 'sse' };
const QUERY = 'subscription { campaignStatusChanged { campaignId toStatus } }';
const received = new Map<string, number[]>();
const now = () => performance.timeOrigin + performance.now();
const clients: { dispose(): unknown }[] = [];
const receive = (event: { campaignId: string; toStatus: string }) => {
  if (event.toStatus !== 'PAUSED') return;
  received.set(event.campaignId, [...(received.get(event.campaignId) ?? []), now()]);
};
// Connected in waves of 50: a thousand connection-inits at once would time out the slower ones.
for (let i = 0; i < input.count; i += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, input.count - i) }, async () => {
      if (input.transport === 'sse') return sse();
      const client = createClient({
        url: `${input.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${input.key}` },
        retryAttempts: 0,
        lazy: false,
      });
      clients.push(client);
      const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
      client.subscribe<{ campaignStatusChanged: { campaignId: string; toStatus: string } }>(
        { query: QUERY },
        {
          next: ({ data }) => data && receive(data.campaignStatusChanged),
          error: (e) => process.stderr.write(`subscription error: ${JSON.stringify(e).slice(0, 200)}\n`),
          complete: () => undefined,
        },
      );
      await connected;
    }),
  );
}
setTimeout(() => process.stdout.write('ready\n'), 1_000); // the last subscribe messages processed
createInterface({ input: process.stdin }).on('close', async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  // exit only once the (large) line is flushed: a pipe's write is asynchronous
  process.stdout.write(`${JSON.stringify(Object.fromEntries(received))}\n`, () => process.exit(0));
});

/** One SSE subscriber: a POST answered with a stream of `event: next` / `data: {…}` messages. */
async function sse(): Promise<void> {
  const abort = new AbortController();
  clients.push({ dispose: () => abort.abort() });
  const res = await fetch(`${input.url}/graphql`, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${input.key}` },
    body: JSON.stringify({ query: QUERY }),
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new Error(`SSE subscribe: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').find((l) => l.startsWith('data:'));
          if (!message.startsWith('event: next') || !data) continue;
          const payload = JSON.parse(data.slice(5)) as { data?: { campaignStatusChanged: { campaignId: string; toStatus: string } } };
          if (payload.data) receive(payload.data.campaignStatusChanged);
        }
      }
    } catch {
      // aborted at the end
    }
  })();
}
