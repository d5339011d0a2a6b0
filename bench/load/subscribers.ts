// Load for `pause-latency` and `memory`, in its own process: `count` clients subscribed to every
// status event, over graphql-ws or SSE (GraphQL over Server-Sent Events, Yoga's distinct-connections
// mode). Prints "ready" once all are subscribed; on stdin's end, one JSON line: for each PAUSED event
// (by campaign id), when each client received it (epoch ms, sub-millisecond), and each client's
// sequence checked against the others (every one must get every event once, in the same order).
//
// The WebSocket clients speak graphql-ws's protocol over `ws` directly and take the time before
// anything else: a load generator standing in for 10,000 browsers on the server's own two cores
// should cost as little per message as it can, so that the figure is the server's.
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const input = JSON.parse(process.argv[2]!) as { url: string; key: string; count: number; transport?: 'ws' | 'sse' };
const QUERY = 'subscription { campaignStatusChanged { campaignId toStatus } }';
const now = () => performance.timeOrigin + performance.now();
type Event = { campaignId: string; toStatus: string };
/** each client's PAUSED events, in the order they arrived: [campaign id, time] */
const sequences: [string, number][][] = [];
const closers: (() => void)[] = [];
let errors = 0;

// Connected in waves of 50: a thousand connection-inits at once would time out the slower ones.
for (let i = 0; i < input.count; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, input.count - i) }, () => (input.transport === 'sse' ? sse() : ws())));
}
setTimeout(() => process.stdout.write('ready\n'), 2_000); // the last subscribe messages processed
createInterface({ input: process.stdin }).on('close', () => {
  for (const close of closers) close();
  const received: Record<string, number[]> = {};
  const orders = new Map<string, number>();
  for (const sequence of sequences) {
    for (const [id, at] of sequence) (received[id] ??= []).push(at);
    const order = sequence.map(([id]) => id).join(',');
    orders.set(order, (orders.get(order) ?? 0) + 1);
  }
  // the order most clients saw, and how many saw another
  const [order, same] = [...orders].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const result = { received, order: order ? order.split(',') : [], otherOrders: sequences.length - same, errors };
  // exit only once the (large) line is flushed: a pipe's write is asynchronous
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
});

function receive(sequence: [string, number][], at: number, event: Event) {
  if (event.toStatus === 'PAUSED') sequence.push([event.campaignId, at]);
}

/** One graphql-ws client: connection_init, then one subscription; resolves once it is acknowledged. */
function ws(): Promise<void> {
  const sequence: [string, number][] = [];
  sequences.push(sequence);
  const socket = new WebSocket(`${input.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { skipUTF8Validation: true });
  closers.push(() => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${input.key}` } })));
    socket.on('message', (data: Buffer) => {
      const at = now();
      const message = JSON.parse(data.toString()) as { type: string; payload?: { data?: { campaignStatusChanged: Event } } };
      if (message.type === 'next' && message.payload?.data) receive(sequence, at, message.payload.data.campaignStatusChanged);
      else if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } }));
        resolve();
      } else if (message.type === 'error') {
        errors++;
        process.stderr.write(`subscription error: ${JSON.stringify(message.payload).slice(0, 200)}\n`);
      } else if (message.type === 'ping') socket.send('{"type":"pong"}');
    });
  });
}

/** One SSE subscriber: a POST answered with a stream of `event: next` / `data: {…}` messages. */
function sse(): Promise<void> {
  const sequence: [string, number][] = [];
  sequences.push(sequence);
  const body = JSON.stringify({ query: QUERY });
  return new Promise((resolve, reject) => {
    const req = request(
      `${input.url}/graphql`,
      {
        method: 'POST',
        agent: false, // a connection of its own, as a browser's tab
        headers: {
          accept: 'text/event-stream',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${input.key}`,
        },
      },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SSE subscribe: ${res.statusCode}`));
        closers.push(() => res.destroy());
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = message.split('\n').find((l) => l.startsWith('data:'));
            if (!message.startsWith('event: next') || !data) continue;
            const payload = JSON.parse(data.slice(5)) as { data?: { campaignStatusChanged: Event }; errors?: unknown };
            if (payload.data) receive(sequence, at, payload.data.campaignStatusChanged);
            else errors++;
          }
        });
        res.on('error', () => undefined); // destroyed at the end
        resolve();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
