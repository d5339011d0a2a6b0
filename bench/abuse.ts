// `npm run bench -- abuse`: the server's resident memory (RSS of its process, sampled by `ps` every
// 200 ms) through the abuse of the second hardening round, against its idle figure in the same run:
//   class 2: 8 WebSocket connection_init messages of 90 MB; 150 POSTs without a key announcing 4 MB
//            and trickling the body; 100 POSTs without a key naming their operation with 400 KB
//   class 6: one viewer key opening 2,000 sockets, 8,489 subscriptions across them, 5,000 more on one
//            socket and 100 over SSE, each with its own filter (nothing shared), paced under the rate
// with the service's default settings (rate and caps). Reference: class 6 again on a service with
// the caps lifted. Target: within 150 MB of idle throughout.
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ADMIN_KEY, benchDatabase, cli, graphql, report, startService, table, type Service } from './lib.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SOCKETS = 2_000;
const SPREAD = 8_489;
const ON_ONE = 5_000;
const SSE = 100;
/** subscribe messages per second, under the default rate (1,000 per second per key) */
const PACE = 800;
const QUERY = 'subscription ($c: ID) { campaignStatusChanged(campaignId: $c) { id toStatus } }';

/** Samples the service's RSS; `phase()` gives the peak since the last call. */
function sampler(service: Service) {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, service.rss())), 200);
  return {
    phase() {
      const p = Math.max(peak, service.rss());
      peak = 0;
      return p;
    },
    stop: () => clearInterval(timer),
  };
}

interface Socket {
  ws: WebSocket;
  acked: boolean;
  closed: number | null;
  errors: Map<string, number>;
}

/** A graphql-ws connection: resolves once acknowledged or closed. */
async function socket(url: string, key: string): Promise<Socket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const s: Socket = { ws, acked: false, closed: null, errors: new Map() };
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { type: string; payload?: { extensions?: { code?: string } }[] };
    if (m.type === 'connection_ack') s.acked = true;
    if (m.type === 'error') {
      const code = m.payload?.[0]?.extensions?.code ?? 'other';
      s.errors.set(code, (s.errors.get(code) ?? 0) + 1);
    }
  });
  ws.on('error', () => undefined);
  const done = new Promise<void>((resolve) => {
    ws.on('close', (code) => ((s.closed = code), resolve()));
    ws.on('message', () => s.acked && resolve());
  });
  await new Promise((resolve) => ws.once('open', resolve).once('error', resolve));
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
  await done;
  return s;
}

let ids = 0;
/** `count` subscriptions over these sockets, round robin, at PACE a second. */
async function subscribe(sockets: Socket[], count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const s = sockets[i % sockets.length]!;
    s.ws.send(JSON.stringify({ id: String(++ids), type: 'subscribe', payload: { query: QUERY, variables: { c: randomUUID() } } }));
    if (i % 100 === 99) await sleep((100 / PACE) * 1000);
  }
}

/** budget_subscriptions_open by transport, as the service counts them. */
async function openSubscriptions(url: string): Promise<{ ws: number; sse: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text();
  const of = (t: string) => Number(new RegExp(`^budget_subscriptions_open\\{transport="${t}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { ws: of('ws'), sse: of('sse') };
}

const tally = (xs: (string | number | null)[]) =>
  [...xs.reduce((m, x) => m.set(String(x), (m.get(String(x)) ?? 0) + 1), new Map<string, number>())]
    .map(([k, n]) => `${n.toLocaleString('en')} × ${k}`)
    .join(', ');

async function class2(url: string): Promise<string[]> {
  const { hostname, port } = new URL(url);
  const big = Buffer.alloc(90 * 2 ** 20, 'x');
  big.write('{"type":"connection_init","payload":{"pad":"');
  // one after the other: eight at once keep this process masking 720 MB for longer than the
  // server waits for a connection_init (3 s), and it closes them with 4408 before they arrive
  const inits: number[] = [];
  for (let i = 0; i < 8; i++) {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    ws.on('error', () => undefined);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send(big);
    inits.push(await closed);
  }
  // announced 4 MB, then a byte every 100 ms: answered before the body, or cut at the 30 s request timeout
  const trickled = await Promise.all(
    Array.from(
      { length: 150 },
      () =>
        new Promise<string>((resolve) => {
          const c = connect(Number(port), hostname);
          let answer = '';
          c.setEncoding('utf8');
          c.on('data', (d: string) => (answer += d));
          c.on('error', () => undefined);
          c.write(
            `POST /graphql HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: ${4 * 2 ** 20}\r\n\r\n{`,
          );
          const drip = setInterval(() => c.writable && c.write('x'), 100);
          c.on('close', () => (clearInterval(drip), resolve(answer.split('\r\n')[0] || 'closed without an answer')));
        }),
    ),
  );
  const named = await Promise.all(
    Array.from({ length: 100 }, () =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query Q${'x'.repeat(400 * 1024)} { health { status } }` }),
      }).then(
        (r) => r.status,
        () => 'failed',
      ),
    ),
  );
  return [
    `8 connection_init of 90 MB: closed ${tally(inits)}`,
    `150 trickled 4 MB POSTs without a key: ${tally(trickled)}`,
    `100 POSTs without a key, 400 KB operation names: ${tally(named)}`,
  ];
}

/** Class 6 with one key; holds everything open for 5 s, then closes it. */
async function class6(url: string, key: string, rss: () => number): Promise<{ lines: string[]; held: number }> {
  const sockets: Socket[] = [];
  for (let i = 0; i < SOCKETS; i += 100) sockets.push(...(await Promise.all(Array.from({ length: 100 }, () => socket(url, key)))));
  const open = sockets.filter((s) => s.acked && s.closed === null);
  await subscribe(open, SPREAD);
  await subscribe(open.slice(0, 1), ON_ONE);
  const aborts = Array.from({ length: SSE }, () => new AbortController());
  const sse = await Promise.all(
    aborts.map((a) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: QUERY, variables: { c: randomUUID() } }),
        signal: a.signal,
      }).then((r) => r.status),
    ),
  );
  // every subscribe answered (refused) or counted open
  const sent = SPREAD + ON_ONE;
  const refused = () => open.reduce((n, s) => n + [...s.errors.values()].reduce((a, b) => a + b, 0), 0);
  for (let deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(500)) {
    if ((await openSubscriptions(url)).ws + refused() >= sent) break;
  }
  await sleep(5_000);
  const held = rss();
  const counted = await openSubscriptions(url);
  const codes = tally(open.flatMap((s) => [...s.errors].flatMap(([code, n]) => Array<string>(n).fill(code))));
  for (const a of aborts) a.abort();
  for (const s of sockets) s.ws.terminate();
  return {
    held,
    lines: [
      `${SOCKETS.toLocaleString('en')} sockets: ${open.length.toLocaleString('en')} open${open.length < SOCKETS ? `, closed ${tally(sockets.filter((s) => !s.acked).map((s) => s.closed))}` : ''}`,
      `${sent.toLocaleString('en')} WebSocket subscriptions: ${counted.ws.toLocaleString('en')} open${codes ? `, refused ${codes}` : ''}` +
        (sent > counted.ws + refused() ? `, ${(sent - counted.ws - refused()).toLocaleString('en')} still starting after a minute` : ''),
      `${SSE} SSE subscriptions: HTTP ${tally(sse)}; ${counted.sse} open`,
    ],
  };
}

const db = await benchDatabase();
try {
  cli(db.url, 'seed', '--brands', '100', '--campaigns-per-brand', '5', '--spends-per-campaign', '0');
  const rows: (string | number)[][] = [['what', 'RSS', 'against idle']];
  let key = '';
  /** A service with these settings ('' = the default): idle, the abuse, and after. */
  const run = async (label: string, env: NodeJS.ProcessEnv, classes: (2 | 6)[]) => {
    const service = await startService(db.url, ['--server-only'], 'src/main.ts', env);
    key ||= (await graphql(service.url, 'mutation { createApiKey(name: "bench-abuse", role: viewer) { key } }')).createApiKey.key;
    await graphql(service.url, '{ health { status } }', {}, key);
    await sleep(5_000);
    const idle = service.rss();
    const against = (mib: number) => `${mib - idle >= 0 ? '+' : ''}${mib - idle} MiB`;
    const rss = sampler(service);
    rows.push([`${label}: idle (100 brands × 5 campaigns, after a first request)`, `${idle} MiB`, '']);
    if (classes.includes(2)) {
      const lines = await class2(service.url);
      const peak = rss.phase();
      rows.push([`${label}: class 2, peak: ${lines.join('; ')}`, `${peak} MiB`, against(peak)]);
    }
    if (classes.includes(6)) {
      const six = await class6(service.url, key, service.rss);
      const peak = Math.max(rss.phase(), six.held);
      rows.push([`${label}: class 6, held for 5 s: ${six.lines.join('; ')}`, `${six.held} MiB`, against(six.held)]);
      rows.push([`${label}: class 6, peak (opening, refusing, holding, closing)`, `${peak} MiB`, against(peak)]);
    }
    await sleep(10_000);
    const after = service.rss();
    rows.push([`${label}: 10 s after everything closed`, `${after} MiB`, against(after)]);
    rss.stop();
    await service.stop();
  };
  await run('defaults', { BUDGET_RATE_LIMIT: '', BUDGET_MAX_SUBSCRIPTIONS_PER_KEY: '', BUDGET_MAX_CONNECTIONS_PER_KEY: '' }, [2, 6]);
  // the reference: class 6 with the caps lifted (the rate still at its default)
  await run('reference, caps lifted', { BUDGET_RATE_LIMIT: '' }, [6]);

  await report('abuse', `npm run bench -- abuse${process.env.DATABASE_URL ? ' (DATABASE_URL set)' : ''}`, db.version, table(rows));
} finally {
  await db.drop();
}
