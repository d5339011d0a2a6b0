// `budget simulate`'s server: Google Ads and Meta on one port, told apart by path, so pointing the
// service's URL settings here is the only change from the real APIs; the control API under /_sim.
// Every API request passes the fault list first (faults.ts), then its platform's handler; each is
// recorded (method, path without tokens, status, time) for GET /_sim/requests.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimClock } from './clock.ts';
import { control } from './control.ts';
import { SimError } from './errors.ts';
import { Faults, type Endpoint } from './faults.ts';
import { GoogleAds } from './google.ts';
import { GOOGLE_DEFAULTS, type GoogleSettings } from './googleAuth.ts';
import { META_DEFAULTS, MetaAds, type MetaSettings } from './meta.ts';
import type { Answer, Call, RequestRecord } from './wire.ts';
import type { AccountInput, Platform } from './model.ts';
import { instant, World } from './world.ts';

/** The versions the simulator names in its settings (PLATFORMS.md; any vN / vN.0 in a path is served). */
export const GOOGLE_ADS_API_VERSION = 'v26';
export const META_GRAPH_API_VERSION = 'v26.0';
const MAX_BODY = 10 * 1024 * 1024;
const REQUESTS_KEPT = 20_000;

/** A world to start from (a --seed file, POST /_sim/seed or /_sim/reset). */
export interface Seed {
  clock?: { start?: string; speed?: number };
  google?: Partial<GoogleSettings>;
  meta?: Partial<MetaSettings>;
  accounts?: AccountInput[];
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: Seed;
  /** called with each API request once answered (the CLI logs them) */
  onRequest?: (record: RequestRecord) => void;
}

interface Route {
  platform: Platform;
  endpoint: Endpoint;
  account: string | null;
  version: string;
  run: () => Answer;
}

export class Simulator {
  world!: World;
  google!: GoogleAds;
  meta!: MetaAds;
  readonly faults = new Faults();
  requests: RequestRecord[] = [];
  url = '';
  private seq = 0;
  private hanging = new Set<ServerResponse>();
  private server = createServer((req, res) => void this.handle(req, res));

  constructor(private readonly options: SimulatorOptions = {}) {
    this.reset(options.seed);
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { address, port } = this.server.address() as AddressInfo;
    this.url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    return this;
  }

  /** A fresh world (clock, accounts, tokens), with the seed's settings and accounts if given; a bad seed changes nothing. */
  reset(seed: Seed | Record<string, unknown> = {}): void {
    const s = seed as Seed;
    const start = s.clock?.start === undefined ? Date.now() : instant(s.clock.start, 'clock.start');
    let world: World;
    try {
      world = new World(new SimClock(start, s.clock?.speed ?? 1));
    } catch (error) {
      throw new SimError(`clock: ${(error as Error).message}`);
    }
    const callsPerHour = { ...META_DEFAULTS.callsPerHour, ...s.meta?.callsPerHour };
    if (Object.values(callsPerHour).some((n) => !Number.isInteger(n) || n < 1)) throw new SimError('meta.callsPerHour: whole numbers ≥ 1');
    for (const account of accountsOf(s)) world.addAccount(account);
    this.world = world;
    this.google = new GoogleAds(world, { ...GOOGLE_DEFAULTS, ...s.google });
    this.meta = new MetaAds(world, { callsPerHour });
    this.faults.clear();
    this.requests = [];
  }

  /** Adds a seed's accounts (and their campaigns) to the world as it is. */
  seed(seed: Seed | Record<string, unknown>): void {
    for (const account of accountsOf(seed as Seed)) this.world.addAccount(account);
  }

  /** The settings that point the service at this simulator. */
  settings(): Record<string, string> {
    const host = new URL(this.url).host;
    return {
      GOOGLE_ADS_API_URL: this.url,
      GOOGLE_ADS_API_VERSION,
      GOOGLE_OAUTH_TOKEN_URL: `${this.url}/token`,
      GOOGLE_ADS_CLIENT_ID: this.google.oauth.settings.clientId,
      GOOGLE_ADS_CLIENT_SECRET: this.google.oauth.settings.clientSecret,
      META_GRAPH_API_URL: this.url,
      META_GRAPH_API_VERSION,
      OUTBOUND_ALLOW_HOSTS: host,
    };
  }

  overview() {
    return {
      clock: { now: new Date(this.world.now()).toISOString(), speed: this.world.clock.speed },
      accounts: [...this.world.accounts.values()].map((a) => ({
        platform: a.platform,
        id: a.id,
        name: a.name,
        campaigns: a.campaigns.size,
      })),
      faults: this.faults.all().length,
      requests: this.seq,
      settings: this.settings(),
      control: 'see src/simulator/control.ts or docs/simulator.md for the /_sim routes',
    };
  }

  /** Stops listening, cuts open connections and the requests a timeout fault holds. */
  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const body = await readBody(req).catch(() => null);
    if (body === null) return send(res, { status: 413, body: { error: { message: 'request body over 10 MB' } } });
    const host = req.headers.host ?? new URL(this.url).host;
    const url = new URL(req.url ?? '/', `http://${host}`);
    const call: Call = { method: req.method ?? 'GET', url, headers: req.headers, body, origin: `http://${host}` };
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, { status: 400, body: { error: { message: 'malformed path' } } });
    }
    if (pathname === '/_sim' || pathname.startsWith('/_sim/')) {
      try {
        return send(res, control(this, call));
      } catch (error) {
        if (error instanceof SimError) return send(res, { status: error.status, body: { error: error.message } });
        return send(res, { status: 500, body: { error: `simulator bug: ${(error as Error).stack}` } });
      }
    }
    const route = this.route(call, pathname);
    if (!route) {
      return send(res, {
        status: 404,
        body: { error: { code: 404, message: `Not Found: the simulator serves ${call.method} ${pathname} on neither platform` } },
      });
    }
    const record: RequestRecord = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      simAt: new Date(this.world.now()).toISOString(),
      platform: route.platform,
      endpoint: route.endpoint,
      account: route.account,
      method: call.method,
      path: `${url.pathname}${redact(url.searchParams)}`,
      status: null,
      ms: null,
      fault: null,
    };
    this.requests.push(record);
    if (this.requests.length > REQUESTS_KEPT) this.requests.splice(0, this.requests.length - REQUESTS_KEPT);
    const fault = this.faults.take({ platform: route.platform, account: route.account, endpoint: route.endpoint });
    record.fault = fault?.kind ?? null;
    if (fault?.kind === 'timeout') {
      // never answers: the connection stays open until the client gives up (or close())
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return this.options.onRequest?.(record);
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    let answer: Answer;
    try {
      if (fault && fault.kind !== 'slow') {
        answer =
          route.platform === 'GOOGLE_ADS'
            ? this.google.fault(fault, route.version, route.endpoint)
            : this.meta.fault(fault, route.account, route.endpoint);
      } else answer = route.run();
    } catch (error) {
      answer =
        error instanceof SimError
          ? { status: error.status, body: { error: { message: error.message } } }
          : { status: 500, body: { error: { message: `simulator bug: ${(error as Error).stack}` } } };
    }
    record.status = answer.status;
    record.ms = Math.round((performance.now() - started) * 10) / 10;
    send(res, answer);
    this.options.onRequest?.(record);
  }

  private route(call: Call, path: string): Route | null {
    const { method } = call;
    let m: RegExpExecArray | null;
    if (path === '/token' && method === 'POST') {
      return {
        platform: 'GOOGLE_ADS',
        endpoint: 'token',
        account: null,
        version: GOOGLE_ADS_API_VERSION,
        run: () => this.google.oauth.token(call),
      };
    }
    if (
      (m = /^\/(v[0-9]+)\/customers\/([^/]+)\/(googleAds:searchStream|googleAds:search|campaigns:mutate)$/.exec(path)) &&
      method === 'POST'
    ) {
      const [, version, customer, what] = m as unknown as [string, string, string, string];
      const endpoint = what === 'campaigns:mutate' ? 'mutate' : what === 'googleAds:search' ? 'search' : 'searchStream';
      const run = () => this.google[endpoint](call, version, customer);
      return { platform: 'GOOGLE_ADS', endpoint, account: customer, version, run };
    }
    if (!(m = /^\/(v[0-9]+\.[0-9]+)(?:\/(.*))?$/.exec(path))) return null;
    const [, version, rest = ''] = m as unknown as [string, string, string | undefined];
    const meta = (endpoint: Endpoint, account: string | null, run: () => Answer): Route => ({
      platform: 'META',
      endpoint,
      account,
      version,
      run,
    });
    if (rest === '' && method === 'GET' && call.url.searchParams.has('ids')) return meta('objects', null, () => this.meta.objects(call));
    if ((m = /^(act_[0-9]+)$/.exec(rest)) && method === 'GET') return meta('account', m[1]!, () => this.meta.account(call, m![1]!));
    if ((m = /^(act_[0-9]+)\/(campaigns|insights|activities)$/.exec(rest)) && method === 'GET') {
      const [, account, edge] = m as unknown as [string, string, 'campaigns' | 'insights' | 'activities'];
      return meta(edge, account, () => this.meta[edge](call, account));
    }
    if ((m = /^([0-9]+)$/.exec(rest))) {
      const id = m[1]!;
      const account = this.world.metaCampaign(id)?.account.id ?? null;
      if (method === 'GET') return meta('campaign', account, () => this.meta.campaign(call, id));
      if (method === 'POST') return meta('campaignUpdate', account, () => this.meta.updateCampaign(call, id));
    }
    return null;
  }
}

/** Starts a simulator listening on options.port (0: any free port) of options.host (127.0.0.1). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return new Simulator(options).listen();
}

function accountsOf(seed: Seed): AccountInput[] {
  if (seed.accounts !== undefined && !Array.isArray(seed.accounts)) throw new SimError('accounts must be a list');
  return seed.accounts ?? [];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  const text = answer.text ?? JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=UTF-8',
    ...answer.headers,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The query as logged: tokens never. */
function redact(params: URLSearchParams): string {
  const copy = new URLSearchParams(params);
  if (copy.has('access_token')) copy.set('access_token', '[redacted]');
  const text = copy.toString();
  return text ? `?${text}` : '';
}
