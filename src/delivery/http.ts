// The outbox's HTTP sender: one request, no redirect followed (a 3xx is a failure), at most
// timeoutMs until the answer's status, the answer's body discarded, through the outbound guard
// (outbound.ts): only public addresses unless the host is allowed. What it answers is what the
// outbox logs and acts on, and what the API shows: a status, or an error in a few coarse words
// ("address not allowed", "could not connect", "no answer within N ms"), so the delivery log
// cannot tell a closed port from an open one or a TLS one; the low-level reason goes to the
// server's log only. And how long the server asked us to wait (Retry-After, in seconds or as an
// HTTP date) when it said so.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { log } from '../log.ts';
import { AddressRefused, guardedLookup, whyRefused, type AllowHosts } from './outbound.ts';

const logger = log.child({ module: 'outbound' });

export interface Attempt {
  status: number | null;
  error: string | null;
  ms: number;
  /** the server's Retry-After, in ms from now, when it sent one we understood */
  retryAfterMs?: number;
}

export interface Request {
  url: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** OUTBOUND_ALLOW_HOSTS: reached whatever their address */
  allowHosts: AllowHosts;
  /** what the server's log line of a failure says the call was for (an endpoint's id, a message's) */
  about?: Record<string, unknown>;
  /** resolves names (default: the system's, dns.lookup) */
  lookup?: LookupFunction;
}

const REFUSED = 'address not allowed';
const UNREACHED = 'could not connect';

// Connections are kept for the next message; each was opened through the guard's lookup.
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: 5_000 }),
  'https:': new https.Agent({ keepAlive: true, timeout: 5_000 }),
};

export async function send(r: Request, now: () => number = Date.now): Promise<Attempt> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const url = new URL(r.url);
  const signal = AbortSignal.timeout(r.timeoutMs);
  try {
    const res = await call(url, r, signal);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return { status, error: null, ms: ms() };
    const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
    const retryAfter = res.headers['retry-after'];
    const retryAfterMs = parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : null, now());
    return {
      status,
      error: `answered HTTP ${status}${redirect}`,
      ms: ms(),
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    };
  } catch (error) {
    const e = error as Error & { code?: string };
    const text = e instanceof AddressRefused ? REFUSED : signal.aborted ? `no answer within ${r.timeoutMs} ms` : UNREACHED;
    // the URL's path may carry the receiver's token: its origin only
    logger.warn({ ...r.about, origin: url.origin, reason: e.message, code: e.code }, `outgoing call failed: ${text}`);
    return { status: null, error: text, ms: ms() };
  }
}

/** The answer's status and headers; its body is drained (up to 64 kB, until the deadline) so the connection can serve again. */
function call(url: URL, r: Request, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const why = whyRefused(url, r.allowHosts);
    if (why) return reject(new AddressRefused(why));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: r.method ?? 'POST',
        headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) },
        agent: agents[url.protocol as keyof typeof agents],
        lookup: guardedLookup(url, r.allowHosts, r.lookup),
        signal,
      },
      (res) => {
        let bytes = 0;
        res.on('error', () => undefined); // cut below, or by the deadline: nothing more to learn
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > 65_536) res.destroy();
        });
        resolve(res);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Retry-After (RFC 9110): delay-seconds or an HTTP-date; null when absent or not understood. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1_000;
  const at = Date.parse(text);
  if (!/[a-z]/i.test(text) || Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
