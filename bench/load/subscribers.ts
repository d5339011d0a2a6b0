// Load for `pause-latency`, in its own process: `count` graphql-ws clients subscribed to every
// status event. Prints "ready" once all are subscribed; on stdin's end, one JSON line: for each
// event (by campaign id), when each client received it (epoch ms, sub-millisecond).
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const input = JSON.parse(process.argv[2]!) as { url: string; key: string; count: number; expect: number };
const received = new Map<string, number[]>();
const now = () => performance.timeOrigin + performance.now();
const clients: ReturnType<typeof createClient>[] = [];
// Connected in waves of 50: a thousand connection-inits at once would time out the slower ones.
for (let i = 0; i < input.count; i += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, input.count - i) }, async () => {
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
        { query: 'subscription { campaignStatusChanged { campaignId toStatus } }' },
        {
          next: ({ data }) => {
            if (data?.campaignStatusChanged.toStatus !== 'PAUSED') return;
            const id = data.campaignStatusChanged.campaignId;
            received.set(id, [...(received.get(id) ?? []), now()]);
          },
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
