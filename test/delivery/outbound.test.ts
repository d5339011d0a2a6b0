// The outbound guard (src/delivery/outbound.ts): which addresses are public, then send() over real
// sockets on this machine (a trap receiver counts connections: a refused call never connects,
// however its address is written or a name resolves), then end to end: a worker process started
// with OUTBOUND_ALLOW_HOSTS, whose log tells closed, open and TLS ports apart while the delivery log
// answered through GraphQL does not.
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, isIP, type AddressInfo, type LookupFunction, type Server as TcpServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { send, type Request } from '../../src/delivery/http.ts';
import { isAllowed, whyNotPublic, whyRefused } from '../../src/delivery/outbound.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { startProcess, type ServiceProcess } from '../helpers/processes.ts';
import { testServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const NOT_PUBLIC: [string, string][] = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'shared (carrier-grade NAT)'],
  ['100.127.255.254', 'shared (carrier-grade NAT)'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['203.0.113.7', 'reserved'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fec0::1', 'private'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
  ['3fff::1', 'reserved'],
  ['::7f00:1', 'reserved'], // IPv4-compatible (deprecated)
  ['100::1', 'reserved'], // discard-only
  ['64:ff9b:1::a00:1', 'reserved'], // local-use NAT64
  // an IPv4 address inside an IPv6 one is judged by what it leads to
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['0:0:0:0:0:ffff:10.0.0.1', 'private'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::169.254.169.254', 'link-local'],
  ['64:ff9b::a00:1', 'private'],
  ['2002:7f00:1::1', 'loopback'],
  ['2002:a9fe:a9fe::', 'link-local'],
  ['2002:c0a8:101::1', 'private'],
];

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '11.0.0.1',
  '172.15.255.255',
  '172.32.0.1',
  '100.63.255.255',
  '100.128.0.1',
  '169.253.255.255',
  '192.167.255.255',
  '223.255.255.255',
  '2a00:1450:4001:82b::200e',
  '2606:4700::1111',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::1',
];

describe('which addresses are public', () => {
  it.each(NOT_PUBLIC)('%s is %s', (ip, why) => expect(whyNotPublic(ip)).toBe(why));
  it.each(PUBLIC)('%s is public', (ip) => expect(whyNotPublic(ip)).toBeNull());

  it('reads an address as a URL writes it: short, octal, hexadecimal, whole-number and IPv6 forms', () => {
    const literal = [
      'http://0/',
      'http://0.0.0.0/',
      'http://127.1/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://017700000001/',
      'http://127.0.0.1./',
      'http://127.0.0.1:5432/',
      'http://10.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://0xa9fea9fe/',
      'http://100.64.0.1/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'http://[::]/',
      'http://[::1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:7f00:1]/',
      'http://[0:0:0:0:0:ffff:127.0.0.1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[2002:7f00:1::]/',
      'http://[fe80::1]/',
      'http://[fd00::1]:8443/',
      'http://[ff02::1]/',
    ];
    for (const url of literal) expect(whyRefused(new URL(url), []), url).toMatch(/ is an? .+ address$/);
    // a name is judged on what it resolves to, at the call
    expect(whyRefused(new URL('https://hooks.example.com/'), [])).toBeNull();
    expect(whyRefused(new URL('http://localhost/'), [])).toBeNull();
    expect(whyRefused(new URL('https://8.8.8.8/'), [])).toBeNull();
  });

  it('the allow list admits exactly the named host, or host:port (the scheme’s port when none is written)', () => {
    const url = (s: string) => new URL(s);
    expect(whyRefused(url('http://127.0.0.1:8080/'), ['127.0.0.1:8080'])).toBeNull();
    expect(whyRefused(url('http://127.1:8080/'), ['127.0.0.1:8080'])).toBeNull(); // the same address
    expect(whyRefused(url('http://127.0.0.1:8081/'), ['127.0.0.1:8080'])).not.toBeNull();
    expect(whyRefused(url('http://127.0.0.2:8080/'), ['127.0.0.1:8080'])).not.toBeNull();
    expect(whyRefused(url('http://127.0.0.1/'), ['127.0.0.1:80'])).toBeNull();
    expect(whyRefused(url('https://127.0.0.1/'), ['127.0.0.1:80'])).not.toBeNull();
    expect(whyRefused(url('https://127.0.0.1:9/'), ['127.0.0.1'])).toBeNull();
    expect(whyRefused(url('http://[::1]:9/'), ['127.0.0.1'])).not.toBeNull();
    expect(whyRefused(url('http://[0::1]:9/'), ['[::1]:9'])).toBeNull();
    expect(isAllowed(['hooks.internal'], url('https://hooks.internal:9999/'))).toBe(true);
    expect(isAllowed(['hooks.internal:443'], url('https://hooks.internal/'))).toBe(true);
    expect(isAllowed(['hooks.internal:443'], url('http://hooks.internal/'))).toBe(false);
    expect(isAllowed(['hooks.internal'], url('https://a.hooks.internal/'))).toBe(false);
    expect(isAllowed(['hooks.internal'], url('https://hooks.internal.example.com/'))).toBe(false);
    expect(isAllowed(['127.0.0.1'], url('http://localhost/'))).toBe(false);
  });
});

/** An HTTP receiver counting connections and requests (on every local address when it can: a refused call must reach neither). */
class Trap {
  connections = 0;
  hosts: string[] = [];
  answer = (res: import('node:http').ServerResponse) => res.writeHead(200).end();
  readonly server: Server = createServer((req, res) => {
    this.hosts.push(req.headers.host ?? '');
    req.resume().on('end', () => this.answer(res));
  }).on('connection', () => this.connections++);
  port = 0;
  async start() {
    // '::' takes IPv4 too (mapped), so 0, [::] and [::1] would all reach it; IPv4 alone where IPv6 is off
    await listen(this.server, '::').catch(() => listen(this.server, '127.0.0.1'));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
}

const listen = (server: Server | TcpServer, host: string) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
const portOf = (server: Server | TcpServer) => (server.address() as AddressInfo).port;

/** A resolver answering these addresses for these names (the system's for none of ours). */
function resolver(answers: Record<string, string[]>): LookupFunction {
  return (hostname, options, callback) => {
    const found = (answers[hostname] ?? []).map((address) => ({ address, family: isIP(address) }));
    if (!found.length) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
    if (options.all) return callback(null, found);
    return callback(null, found[0]!.address, found[0]!.family);
  };
}

const post = (url: string, more: Partial<Request> = {}) =>
  send({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5_000, allowHosts: [], ...more });

describe('send() through the guard', () => {
  let trap: Trap;
  beforeAll(async () => {
    trap = await new Trap().start();
  });
  afterAll(() => new Promise<void>((resolve) => trap.server.close(() => resolve())));

  it('never connects to an address that is not public, however it is written', async () => {
    const hosts = ['127.0.0.1', '127.1', '2130706433', '0x7f.1', '0177.0.0.1', '0', '0.0.0.0', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'];
    for (const host of [...hosts, '[::1]', '[::]', 'localhost']) {
      expect(await post(`http://${host}:${trap.port}/hook`), host).toMatchObject({ status: null, error: 'address not allowed' });
    }
    expect(trap.connections).toBe(0);
    // the same trap answers once its host is allowed: it was reachable all along
    expect(await post(`http://127.0.0.1:${trap.port}/hook`, { allowHosts: ['127.0.0.1'] })).toMatchObject({ status: 200, error: null });
    expect(trap.connections).toBe(1);
  });

  it('judges a name on the addresses it resolves to at the call, all of them, and allows exactly the named host or host:port', async () => {
    const lookup = resolver({
      'hooks.test': ['127.0.0.1'],
      'v6.test': ['::1'],
      'mapped.test': ['::ffff:127.0.0.1'],
      'mixed.test': ['8.8.8.8', '127.0.0.1'],
      'metadata.test': ['169.254.169.254'],
    });
    const before = trap.connections;
    for (const host of ['hooks.test', 'v6.test', 'mapped.test', 'mixed.test', 'metadata.test']) {
      expect(await post(`http://${host}:${trap.port}/hook`, { lookup }), host).toMatchObject({ error: 'address not allowed' });
    }
    // a name is not its address, nor another port of it
    for (const allowHosts of [['127.0.0.1'], [`hooks.test:${trap.port + 1}`], ['other.test'], ['test']]) {
      expect(await post(`http://hooks.test:${trap.port}/hook`, { lookup, allowHosts }), allowHosts[0]).toMatchObject({
        error: 'address not allowed',
      });
    }
    expect(trap.connections).toBe(before);
    for (const allowHosts of [[`hooks.test:${trap.port}`], ['hooks.test']]) {
      expect(await post(`http://hooks.test:${trap.port}/hook`, { lookup, allowHosts })).toMatchObject({ status: 200, error: null });
    }
    // connected to the address resolved, with the URL's host in the Host header
    expect(trap.hosts.slice(-2)).toEqual([`hooks.test:${trap.port}`, `hooks.test:${trap.port}`]);
  });

  it('does not follow a redirect, even to an allowed host', async () => {
    const redirector = await new Trap().start();
    redirector.answer = (res) => res.writeHead(302, { location: `http://127.0.0.1:${trap.port}/hook` }).end();
    const before = trap.hosts.length;
    expect(await post(`http://127.0.0.1:${redirector.port}/hook`, { allowHosts: ['127.0.0.1'] })).toMatchObject({
      status: 302,
      error: 'answered HTTP 302 (redirects are not followed)',
    });
    expect(trap.hosts.length).toBe(before);
    await new Promise<void>((resolve) => redirector.server.close(() => resolve()));
  });

  it('answers a silent port "no answer within N ms"', async () => {
    const silent = createTcpServer((socket) => socket.on('error', () => undefined));
    await listen(silent, '127.0.0.1');
    expect(await post(`http://127.0.0.1:${portOf(silent)}/`, { allowHosts: ['127.0.0.1'], timeoutMs: 300 })).toMatchObject({
      status: null,
      error: 'no answer within 300 ms',
    });
    silent.close();
  });
});

describe('end to end: a worker process with OUTBOUND_ALLOW_HOSTS', () => {
  let t: TestDb;
  let s: TestServer;
  let worker: ServiceProcess;
  const servers: (Server | TcpServer)[] = [];
  beforeAll(async () => {
    t = await freshDatabase();
    s = await testServer(t.url, { outboundAllowHosts: ['127.0.0.1'] });
    worker = await startProcess(t.url, ['--worker-only'], undefined, {
      OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
      BUDGET_WEBHOOK_RETRY_MS: '3600000', // one attempt each
    });
  }, 90_000);
  afterAll(async () => {
    await worker?.stop();
    await s?.close();
    for (const server of servers) server.close();
    await t?.drop();
  });

  it(
    'the delivery log answers "could not connect" for a closed, an open and a TLS port alike; the worker’s log says which',
    { timeout: 120_000 },
    async () => {
      const serve = async <S extends Server | TcpServer>(server: S) => {
        servers.push(server);
        await listen(server, '127.0.0.1');
        return portOf(server);
      };
      const receiver = new Trap();
      servers.push(receiver.server);
      await listen(receiver.server, '127.0.0.1');
      receiver.port = portOf(receiver.server);
      const banner = await serve(createTcpServer((socket) => socket.on('error', () => undefined).write('SSH-2.0-OpenSSH_9.6\r\n')));
      const tls = await serve(createTlsServer({}).on('tlsClientError', () => undefined));
      const closed = await freePort();
      const cases = {
        closed: `http://127.0.0.1:${closed}/hook`,
        'another protocol': `http://127.0.0.1:${banner}/hook`,
        'TLS without a certificate': `https://127.0.0.1:${tls}/hook`,
        'plain HTTP to TLS': `http://127.0.0.1:${tls}/hook`,
        'TLS to plain HTTP': `https://127.0.0.1:${receiver.port}/hook`,
        'a name for loopback': `http://localhost:${receiver.port}/hook`,
        'the receiver itself': `http://127.0.0.1:${receiver.port}/hook`,
      };
      const made = await s.gql(`mutation { createWebhookEndpoint(input: { url: "https://169.254.169.254/" }) { secret } }`);
      expect(made.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/169\.254\.169\.254 is a link-local address/),
        extensions: { code: 'INVALID_ARGUMENT', field: 'url' },
      });
      const endpoints: Record<string, string> = {};
      for (const [what, url] of Object.entries(cases)) {
        const b = await make.brand();
        const created = await s.gql(
          `mutation ($b: ID, $url: String!) { createWebhookEndpoint(input: { brandId: $b, url: $url }) { endpoint { id } } }`,
          {
            b: b.id,
            url,
          },
        );
        expect(created.errors, what).toBeUndefined();
        endpoints[what] = created.data.createWebhookEndpoint.endpoint.id;
        await make.campaigns(b.id, 1);
      }
      const firstAttempt = (id: string) =>
        waitFor(
          async () => {
            const r = await s.gql(
              `query ($id: ID!) { webhookEndpoint(id: $id) { deliveries(first: 1) { edges { node { statusCode error } } } } }`,
              {
                id,
              },
            );
            return r.data?.webhookEndpoint.deliveries.edges[0]?.node as { statusCode: number | null; error: string | null } | undefined;
          },
          { timeout: 60_000, interval: 100, what: `the first attempt to ${id}` },
        );
      const answered: Record<string, unknown> = {};
      for (const [what, id] of Object.entries(endpoints)) answered[what] = await firstAttempt(id);
      expect(answered).toEqual({
        closed: { statusCode: null, error: 'could not connect' },
        'another protocol': { statusCode: null, error: 'could not connect' },
        'TLS without a certificate': { statusCode: null, error: 'could not connect' },
        'plain HTTP to TLS': { statusCode: null, error: 'could not connect' },
        'TLS to plain HTTP': { statusCode: null, error: 'could not connect' },
        'a name for loopback': { statusCode: null, error: 'address not allowed' },
        'the receiver itself': { statusCode: 200, error: null },
      });
      // the one request the receiver got is the allowed one's (the name for its address never connected)
      expect(receiver.hosts).toEqual([`127.0.0.1:${receiver.port}`]);
      const reasons = await waitFor(
        () => {
          const lines = worker
            .output()
            .split('\n')
            .flatMap((line) => {
              try {
                return [JSON.parse(line) as { msg?: string; endpointId?: string; reason?: string; code?: string }];
              } catch {
                return [];
              }
            })
            .filter((l) => l.msg?.startsWith('outgoing call failed'));
          const by = Object.fromEntries(lines.map((l) => [l.endpointId, `${l.code ?? ''} ${l.reason}`]));
          return Object.keys(by).length >= 6 && by;
        },
        { timeout: 10_000, what: 'a log line for each failure' },
      );
      expect(reasons[endpoints.closed!]).toMatch(/ECONNREFUSED/);
      expect(reasons[endpoints['another protocol']!]).toMatch(/^HPE_/);
      expect(reasons[endpoints['TLS without a certificate']!]).toMatch(/EPROTO|SSL|TLS/i);
      expect(reasons[endpoints['a name for loopback']!]).toMatch(/localhost resolves to 127\.0\.0\.1, a loopback address/);
      // the log tells them apart; the API did not
      expect(new Set(Object.values(reasons)).size).toBe(6);
    },
  );
});
